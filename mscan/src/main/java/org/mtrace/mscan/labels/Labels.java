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
    /** A handle that is no label: the answer of a query that found none. */
    int NO_LABEL = -1;

    /**
     * The label holding {@code addr} as an {@code int} handle ({@link #NO_LABEL}: none),
     * read with the {@code label*} accessors; valid until {@link #generation()} changes. Unlike
     * {@link #objectAt}, it allocates nothing. When it finds a label, {@link #runFirst} to
     * {@link #runLast} (unsigned, inclusive) are the addresses around {@code addr} for which it
     * answers the same label as long as {@link #generation()} does not change: a per-access cache
     * of the last answer is then exact.
     */
    int labelAt(long addr);

    /** The first address of the run of the last {@link #labelAt} that found a label. */
    long runFirst();

    /** The last address of that run. */
    long runLast();

    /** The label of handle {@code h} as a value. */
    LabelObject object(int h);

    /** The original's object id of label {@code h}. */
    long labelId(int h);

    /** Label type of {@code h} (the {@link LabelMaps} constants). */
    int labelType(int h);

    /** The kind (name, alloc PC) of {@code h}. */
    int labelKind(int h);

    /** Name of label {@code h} (the maps' one instance per name). */
    String labelName(int h);

    /** Alloc PC of label {@code h}. */
    long labelAllocPc(int h);

    /** Start address of label {@code h}. */
    long labelStart(int h);

    /** Size in bytes of label {@code h}. */
    long labelBytes(int h);

    LabelObject objectAt(long addr);

    /**
     * {@code objects_on_line(addr)} (types map only): clears {@code out} and fills it with the
     * objects overlapping the 64-byte line of {@code addr}, in last-byte order.
     */
    void objectsOnLine(long addr, ObjectList out);

    /** The {@link LabelObject#kind() kinds} of {@link #objectsOnLine}'s objects, same order. */
    void kindsOnLine(long addr, KindList out);

    /**
     * {@link #kindsOnLine(long, KindList)} for lines of {@code lineSize} ({@code --line-size}).
     * Returns whether the answer can be checked by {@link #lineStamp}: then it holds as long as
     * {@code lineStamp(addr)} returns what it returns now, even while the {@link #generation()}
     * changes (labels come and go elsewhere); otherwise only as long as the generation holds.
     */
    boolean kindsOnLine(long addr, LineSize lineSize, KindList out);

    /**
     * Whether the {@code lineSize} line of {@code addr} may hold two typed objects or more; false is
     * exact: {@link #kindsOnLine(long, LineSize, KindList)} would find one at most (one or two
     * probes, no walk, and false on nearly every line of a kernel).
     */
    boolean mayHoldTwoObjects(long addr, LineSize lineSize);

    /**
     * The versions of the 4 KiB pages a stamped {@link #kindsOnLine} answer for the 64-byte line
     * of {@code addr} depends on (see there); changes when a label ending in them comes or goes.
     */
    long lineStamp(long addr);

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
