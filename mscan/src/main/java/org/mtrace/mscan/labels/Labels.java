package org.mtrace.mscan.labels;

import java.util.List;
import org.mtrace.mscan.kernel.StaticSymbol;
import org.mtrace.mscan.lines.LineSize;

/**
 * The label maps as analyses see them ({@code TraceState.labels()}): queries only. Labels are
 * added and removed by the engine's trackers alone, which hold the {@link LabelMaps} behind it.
 */
public interface Labels {
    /**
     * {@code object(addr)}: the labelled object holding {@code addr} (the types map first, then
     * blocks, then typed arrays), or null.
     */
    LabelObject objectAt(long addr);

    /**
     * {@code objects_on_line(addr)} (types map only): clears {@code out} and fills it with the
     * objects overlapping the 64-byte line of {@code addr}, in last-byte order.
     */
    void objectsOnLine(long addr, ObjectList out);

    /** The {@link LabelObject#kind() kinds} of {@link #objectsOnLine}'s objects, same order. */
    void kindsOnLine(long addr, KindList out);

    /** {@link #kindsOnLine(long, KindList)} for lines of {@code lineSize} ({@code --line-size}). */
    void kindsOnLine(long addr, LineSize lineSize, KindList out);

    /**
     * Changes whenever an object is added or removed: results of {@link #objectAt} and
     * {@link #objectsOnLine} may be cached as long as the generation is unchanged.
     */
    long generation();

    /** Name of a {@link LabelObject#kind()}. */
    String kindName(int kind);

    /** Alloc PC of a {@link LabelObject#kind()}. */
    long kindAllocPc(int kind);

    /** Number of live objects (types + blocks). */
    int size();

    /** Per-CPU templates found in the kernel image. */
    List<StaticSymbol> perCpuTemplates();
}
