package io.brokerconnect.sink.layout;

import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;

/**
 * Upstream main's layout (bgpkit-broker {@code f80b9a4}, "consolidate PostgreSQL catalog under broker schema"):
 * every table and the read views {@code file_search_view} and {@code file_latest_view} in schema {@code broker}.
 */
final class BrokerLayout extends UpstreamLayout {

    BrokerLayout(Identifier bookkeeping) {
        super(bookkeeping);
    }

    @Override
    public LayoutName name() {
        return LayoutName.BROKER;
    }

    @Override
    public Identifier dataSchema() {
        return new Identifier(name().fixedDataSchema().orElseThrow());
    }

    @Override
    public String migrationLocation() {
        return "classpath:io/brokerconnect/sink/upstream/broker";
    }

    @Override
    String indexPrefix() {
        return "broker";
    }
}
