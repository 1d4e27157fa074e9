package io.brokerconnect.sink.layout;

import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;

/**
 * The layout released broker v0.12.0 and v0.12.1 read (bgpkit-broker tag {@code v0.12.1}): tables in schema
 * {@code mrt}, read views {@code api.mrt_file_search} and {@code api.mrt_file_latest}. Upstream's
 * {@code migrate_mrt_api_to_broker.sql} renames it in place to the {@link BrokerLayout}.
 */
final class MrtLayout extends UpstreamLayout {

    MrtLayout(Identifier bookkeeping) {
        super(bookkeeping);
    }

    @Override
    public LayoutName name() {
        return LayoutName.MRT;
    }

    @Override
    public Identifier dataSchema() {
        return new Identifier(name().fixedDataSchema().orElseThrow());
    }

    @Override
    public String migrationLocation() {
        return "classpath:io/brokerconnect/sink/upstream/mrt";
    }

    @Override
    String indexPrefix() {
        return "mrt";
    }
}
