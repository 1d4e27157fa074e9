package io.brokerconnect.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectAndDataTypeTest {

    @ParameterizedTest
    @CsvSource({"ripe-ris,RIPE_RIS", "riperis,RIPE_RIS", " RIPE-RIS ,RIPE_RIS", "ripe_ris,RIPE_RIS",
        "route-views,ROUTE_VIEWS", "routeviews,ROUTE_VIEWS", "RouteViews,ROUTE_VIEWS"})
    void projectAliasesNormaliseToCanonicalNames(String stored, Project expected) {
        assertEquals(Optional.of(expected), Project.parse(stored));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "isolario", "route views x", "pch"})
    void unknownProjectsAreRefused(String stored) {
        assertTrue(Project.parse(stored).isEmpty());
    }

    @Test
    void nullProjectIsRefused() {
        assertTrue(Project.parse(null).isEmpty());
    }

    @Test
    void canonicalNamesMatchPostgresEnum() {
        assertEquals("ripe-ris", Project.RIPE_RIS.canonicalName());
        assertEquals("route-views", Project.ROUTE_VIEWS.canonicalName());
        assertEquals("rib", DataType.RIB.canonicalName());
        assertEquals("updates", DataType.UPDATES.canonicalName());
    }

    @Test
    void recordsOnlyAcceptCanonicalNames() {
        assertThrows(IllegalArgumentException.class, () -> Project.fromCanonicalName("riperis"));
        assertThrows(IllegalArgumentException.class, () -> DataType.fromCanonicalName("RIB"));
        assertEquals(DataType.UPDATES, DataType.fromCanonicalName("updates"));
    }

    @Test
    void typeNamesParseCaseInsensitively() {
        assertEquals(Optional.of(DataType.RIB), DataType.parse(" RIB "));
        assertTrue(DataType.parse("bview").isEmpty());
    }

    @Test
    void topicNamesDeriveFromPrefix() {
        TopicNames names = new TopicNames("broker");
        assertEquals("broker.files", names.files());
        assertEquals("broker.collectors", names.collectors());
        assertEquals("broker.meta", names.meta());
        assertEquals("broker.errors", names.errors());
        assertThrows(IllegalArgumentException.class, () -> new TopicNames("bad prefix"));
        assertThrows(IllegalArgumentException.class, () -> new TopicNames(""));
    }
}
