package io.brokerconnect.sink.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CopyBinaryTest {

    @Test
    void writesPostgresBinaryCopyFormat() {
        CopyBinary body = new CopyBinary();
        body.row(4).timestamp(946_684_801L).int4(7).text("rib").nullValue();
        body.end();
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(body.buffer(), body.length()));
        byte[] signature = new byte[11];
        in.get(signature);
        assertArrayEquals("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1), signature);
        assertEquals(0, in.getInt(), "flags");
        assertEquals(0, in.getInt(), "header extension");
        assertEquals(4, in.getShort(), "field count");
        assertEquals(8, in.getInt());
        assertEquals(1_000_000L, in.getLong(), "microseconds since 2000-01-01");
        assertEquals(4, in.getInt());
        assertEquals(7, in.getInt());
        assertEquals(3, in.getInt());
        byte[] text = new byte[3];
        in.get(text);
        assertEquals("rib", new String(text, StandardCharsets.UTF_8));
        assertEquals(-1, in.getInt(), "NULL");
        assertEquals(-1, in.getShort(), "trailer");
        assertEquals(0, in.remaining());
    }

    @Test
    void growsPastItsInitialBufferAndStartsAfreshOnReset() {
        CopyBinary body = new CopyBinary();
        for (int i = 0; i < 200_000; i++) {
            body.row(1).int8(i);
        }
        assertEquals(19 + 200_000 * (2 + 4 + 8), body.length());
        body.reset();
        assertEquals(19, body.length(), "only the header");
    }
}
