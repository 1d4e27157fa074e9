package io.brokerconnect.tools.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * The real collectors of RIPE RIS and RouteViews, as listed in the broker's built-in collector
 * configuration ({@code DEFAULT_COLLECTORS_CONFIG} in bgpkit/bgpkit-broker {@code src/collector.rs},
 * commit f80b9a4): 26 RIS and 59 RouteViews collectors.
 *
 * <p>Ids are assigned 1..n in config order, which is what a fresh broker does: on its first
 * update round it inserts every configured collector it does not know yet, in that order.
 * Names and URLs are copied verbatim (including the few RouteViews URLs that are still http),
 * because a reader may rely on them when it rebuilds archive URLs.
 */
public final class CollectorCatalog {

    private static final String[] RIPE_RIS = {
            "rrc00", "https://data.ris.ripe.net/rrc00",
            "rrc01", "https://data.ris.ripe.net/rrc01",
            "rrc02", "https://data.ris.ripe.net/rrc02",
            "rrc03", "https://data.ris.ripe.net/rrc03",
            "rrc04", "https://data.ris.ripe.net/rrc04",
            "rrc05", "https://data.ris.ripe.net/rrc05",
            "rrc06", "https://data.ris.ripe.net/rrc06",
            "rrc07", "https://data.ris.ripe.net/rrc07",
            "rrc08", "https://data.ris.ripe.net/rrc08",
            "rrc09", "https://data.ris.ripe.net/rrc09",
            "rrc10", "https://data.ris.ripe.net/rrc10",
            "rrc11", "https://data.ris.ripe.net/rrc11",
            "rrc12", "https://data.ris.ripe.net/rrc12",
            "rrc13", "https://data.ris.ripe.net/rrc13",
            "rrc14", "https://data.ris.ripe.net/rrc14",
            "rrc15", "https://data.ris.ripe.net/rrc15",
            "rrc16", "https://data.ris.ripe.net/rrc16",
            "rrc18", "https://data.ris.ripe.net/rrc18",
            "rrc19", "https://data.ris.ripe.net/rrc19",
            "rrc20", "https://data.ris.ripe.net/rrc20",
            "rrc21", "https://data.ris.ripe.net/rrc21",
            "rrc22", "https://data.ris.ripe.net/rrc22",
            "rrc23", "https://data.ris.ripe.net/rrc23",
            "rrc24", "https://data.ris.ripe.net/rrc24",
            "rrc25", "https://data.ris.ripe.net/rrc25",
            "rrc26", "https://data.ris.ripe.net/rrc26"
    };

    private static final String[] ROUTE_VIEWS = {
            "amsix.ams", "https://archive.routeviews.org/amsix.ams/bgpdata",
            "cix.atl", "https://archive.routeviews.org/cix.atl/bgpdata",
            "decix.fra", "https://archive.routeviews.org/decix.fra/bgpdata",
            "decix.jhb", "https://archive.routeviews.org/decix.jhb/bgpdata",
            "iraq-ixp.bgw", "https://archive.routeviews.org/iraq-ixp.bgw/bgpdata",
            "pacwave.lax", "https://archive.routeviews.org/pacwave.lax/bgpdata",
            "pit.scl", "https://archive.routeviews.org/pit.scl/bgpdata",
            "pitmx.qro", "https://archive.routeviews.org/pitmx.qro/bgpdata",
            "route-views2", "https://archive.routeviews.org/route-views2/bgpdata",
            "route-views3", "https://archive.routeviews.org/route-views3/bgpdata",
            "route-views4", "https://archive.routeviews.org/route-views4/bgpdata",
            "route-views5", "https://archive.routeviews.org/route-views5/bgpdata",
            "route-views6", "https://archive.routeviews.org/route-views6/bgpdata",
            "route-views7", "https://archive.routeviews.org/route-views7/bgpdata",
            "route-views8", "https://archive.routeviews.org/route-views8/bgpdata",
            "route-views.amsix", "https://archive.routeviews.org/route-views.amsix/bgpdata",
            "locix.fra", "https://archive.routeviews.org/locix.fra/bgpdata",
            "route-views.chicago", "https://archive.routeviews.org/route-views.chicago/bgpdata",
            "route-views.chile", "https://archive.routeviews.org/route-views.chile/bgpdata",
            "route-views.eqix", "https://archive.routeviews.org/route-views.eqix/bgpdata",
            "route-views.flix", "https://archive.routeviews.org/route-views.flix/bgpdata",
            "route-views.gorex", "https://archive.routeviews.org/route-views.gorex/bgpdata",
            "route-views.isc", "https://archive.routeviews.org/route-views.isc/bgpdata",
            "route-views.kixp", "https://archive.routeviews.org/route-views.kixp/bgpdata",
            "route-views.jinx", "https://archive.routeviews.org/route-views.jinx/bgpdata",
            "route-views.linx", "https://archive.routeviews.org/route-views.linx/bgpdata",
            "route-views.napafrica", "https://archive.routeviews.org/route-views.napafrica/bgpdata",
            "route-views.nwax", "https://archive.routeviews.org/route-views.nwax/bgpdata",
            "route-views.phoix", "https://archive.routeviews.org/route-views.phoix/bgpdata",
            "route-views.telxatl", "https://archive.routeviews.org/route-views.telxatl/bgpdata",
            "route-views.wide", "https://archive.routeviews.org/route-views.wide/bgpdata",
            "route-views.sydney", "https://archive.routeviews.org/route-views.sydney/bgpdata",
            "route-views.saopaulo", "https://archive.routeviews.org/route-views.saopaulo/bgpdata",
            "route-views2.saopaulo", "https://archive.routeviews.org/route-views2.saopaulo/bgpdata",
            "route-views.sg", "https://archive.routeviews.org/route-views.sg/bgpdata",
            "route-views.perth", "https://archive.routeviews.org/route-views.perth/bgpdata",
            "route-views.peru", "https://archive.routeviews.org/route-views.peru/bgpdata",
            "route-views.sfmix", "https://archive.routeviews.org/route-views.sfmix/bgpdata",
            "route-views.siex", "https://archive.routeviews.org/route-views.siex/bgpdata",
            "route-views.soxrs", "https://archive.routeviews.org/route-views.soxrs/bgpdata",
            "route-views.mwix", "https://archive.routeviews.org/route-views.mwix/bgpdata",
            "route-views.rio", "https://archive.routeviews.org/route-views.rio/bgpdata",
            "route-views.fortaleza", "https://archive.routeviews.org/route-views.fortaleza/bgpdata",
            "route-views.gixa", "https://archive.routeviews.org/route-views.gixa/bgpdata",
            "route-views.bdix", "https://archive.routeviews.org/route-views.bdix/bgpdata",
            "route-views.bknix", "https://archive.routeviews.org/route-views.bknix/bgpdata",
            "route-views.ny", "https://archive.routeviews.org/route-views.ny/bgpdata",
            "route-views.uaeix", "https://archive.routeviews.org/route-views.uaeix/bgpdata",
            "interlan.otp", "https://archive.routeviews.org/interlan.otp/bgpdata",
            "kinx.icn", "https://archive.routeviews.org/kinx.icn/bgpdata",
            "iix.cgk", "https://archive.routeviews.org/iix.cgk/bgpdata",
            "ixpn.los", "https://archive.routeviews.org/ixpn.los/bgpdata",
            "namex.fco", "https://archive.routeviews.org/namex.fco/bgpdata",
            "getafix.mnl", "http://archive.routeviews.org/getafix.mnl/bgpdata",
            "ix-br.gru", "http://archive.routeviews.org/ix-br.gru/bgpdata",
            "ix-br2.gru", "http://archive.routeviews.org/ix-br2.gru/bgpdata",
            "hkix.hkg", "http://archive.routeviews.org/hkix.hkg/bgpdata",
            "netnod.mmx", "http://archive.routeviews.org/netnod.mmx/bgpdata",
            "crix.sjo", "http://archive.routeviews.org/crix.sjo/bgpdata"
    };

    private CollectorCatalog() {
    }

    /** All real collectors with ids 1..n and canonical project spelling. */
    public static List<Collector> defaults() {
        List<Collector> collectors = new ArrayList<>(RIPE_RIS.length / 2 + ROUTE_VIEWS.length / 2);
        add(collectors, RIPE_RIS, BrokerProject.RIPE_RIS);
        add(collectors, ROUTE_VIEWS, BrokerProject.ROUTE_VIEWS);
        return List.copyOf(collectors);
    }

    private static void add(List<Collector> target, String[] pairs, BrokerProject project) {
        for (int i = 0; i < pairs.length; i += 2) {
            target.add(Collector.canonical(target.size() + 1, pairs[i], pairs[i + 1], project));
        }
    }
}
