package io.brokerconnect.sink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void escapesWhatCopyTextFormatGivesMeaningTo() {
        CopyText text = new CopyText();
        text.text("plain").text("tab\there").text("back\\slash").text("new\nline\r").text(null).number(-42);
        text.endRow();
        assertEquals("plain\ttab\\there\tback\\\\slash\tnew\\nline\\r\t\\N\t-42\n",
            new String(text.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void resetStartsAFreshBatch() {
        CopyText text = new CopyText();
        text.text("a").endRow();
        text.reset();
        text.number(1).number(2).endRow();
        assertEquals("1\t2\n", new String(text.bytes(), StandardCharsets.UTF_8));
    }
}
