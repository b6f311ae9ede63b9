package org.mtrace.mscan.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void summaryExampleOfSpecSection7() {
        StringWriter sw = new StringWriter();
        JsonWriter w = new JsonWriter(sw);
        w.beginObject().key("summary").beginObject().key("total-instructions").value(123456789).endObject().endObject();
        w.finishDocument();
        assertEquals("{\n  \"summary\": {\n    \"total-instructions\": 123456789\n  }\n}\n", sw.toString());
    }

    @Test
    void nestingExampleOfSpecSection7() {
        StringWriter sw = new StringWriter();
        JsonWriter w = new JsonWriter(sw);
        w.beginObject().key("false-sharing").beginArray().beginObject()
                .key("pc").hex(0xffffffff8112a3b0L)
                .key("instances").beginArray().beginObject()
                .key("name").string("dentry")
                .key("alloc-pc").hex(0xffffffff81123456L)
                .key("alloc-info").string("d_alloc at dcache.c:1234")
                .endObject().endArray()
                .endObject().endArray()
                .key("summary").beginObject().key("total-instructions").value(42).endObject()
                .endObject();
        w.finishDocument();
        String expected = """
                {
                  "false-sharing": [
                    {
                      "pc": "0xffffffff8112a3b0",
                      "instances": [
                        {
                          "name": "dentry",
                          "alloc-pc": "0xffffffff81123456",
                          "alloc-info": "d_alloc at dcache.c:1234"
                        } ]
                    } ],
                  "summary": {
                    "total-instructions": 42
                  }
                }
                """;
        assertEquals(expected, sw.toString());
    }

    @Test
    void emptyContainersZeroHexAndEscapes() {
        StringWriter sw = new StringWriter();
        JsonWriter w = new JsonWriter(sw);
        w.beginObject().key("a").beginArray().endArray().key("o").beginObject().endObject()
                .key("z").hex(0).key("s").string("q\"b\\\n\u0001").key("u").unsignedValue(-1L)
                .key("f").floatValue(0.5f).endObject();
        w.finishDocument();
        assertEquals("{\n  \"a\": [ ],\n  \"o\": { },\n  \"z\": \"0x0\",\n  \"s\": \"q\\\"b\\\\\\n\\u0001\",\n"
                + "  \"u\": 18446744073709551615,\n  \"f\": 0.500000\n}\n", sw.toString());
    }

    @Test
    void emptyTopLevelObjectIsBracesWithSpace() {
        StringWriter sw = new StringWriter();
        JsonWriter w = new JsonWriter(sw);
        w.beginObject().endObject();
        w.finishDocument();
        assertEquals("{ }\n", sw.toString());
    }

    @Test
    void misuseIsRejected() {
        JsonWriter w = new JsonWriter(new StringWriter());
        w.beginObject();
        assertThrows(IllegalStateException.class, () -> w.value(1));
        assertThrows(IllegalStateException.class, w::endArray);
    }

    @Test
    void unwindClosesWhatAFailedProducerLeftOpen() {
        StringWriter sw = new StringWriter();
        JsonWriter w = new JsonWriter(sw);
        w.beginObject().key("ok").value(1);
        int level = w.depth();
        w.key("half").beginArray().beginObject().key("dangling");
        w.unwindTo(level);
        w.endObject();
        w.finishDocument();
        assertEquals("{\n  \"ok\": 1,\n  \"half\": [\n    {\n      \"dangling\": null\n    } ]\n}\n", sw.toString());
    }

    @Test
    void numbersMatchTheJdkRenderingAtTheEdges() {
        long[] values = {0, 1, 9, 10, -1, -10, 123456789012345L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        StringWriter sw = new StringWriter();
        JsonWriter w = new JsonWriter(sw);
        StringBuilder expected = new StringBuilder("[");
        w.beginArray();
        for (long v : values) {
            w.value(v).unsignedValue(v).hex(v);
            for (String item : new String[] {Long.toString(v), Long.toUnsignedString(v),
                "\"0x" + Long.toHexString(v) + '"'}) {
                expected.append(expected.length() == 1 ? "\n  " : ",\n  ").append(item);
            }
        }
        w.endArray();
        w.finishDocument();
        assertEquals(expected.append(" ]\n").toString(), sw.toString());
    }
}
