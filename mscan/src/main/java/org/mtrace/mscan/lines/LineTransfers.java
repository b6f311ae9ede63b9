package org.mtrace.mscan.lines;

/**
 * The report's per-line state during the pass, in one {@link LineCpuTable}: the transfer model's
 * CPUs per line ({@link TransferModel#holdersAfter}, the recorder's rule) and, per line, the
 * report's line id and per CPU the transfers by loads and stores and the bytes loaded and stored.
 * An access costs one probe, which finds the model's mask; a transfer is counted in the entry
 * that probe found, so it costs no further probe (but by a line's third or fourth CPU, counted in
 * the entry's continuation right next to it, see {@link LineCpuTable}).
 *
 * <p>The model is keyed by physical lines (the entries' host addresses), the report by guest
 * lines. An entry counts the transfers of the guest line its first counted transfer came from
 * (its "own" guest line, a view word, with the line's id in the entry's field). A transfer of the
 * same physical line under another guest line (a page mapped at two addresses, or freed and
 * mapped elsewhere) is counted in a second kind of entry, keyed by the guest line with bit 1 set
 * ({@link #ALIAS}): one probe more, for user pages mostly. A guest line's counters may so be
 * spread over several entries; {@link LineCpuRows} sums them by line id after the pass.
 */
final class LineTransfers {
    /** View word: the CPUs holding the physical line (the model's mask; {@link TransferModel#EVERY_CPU} after a reset). */
    private static final int HELD = 0;
    /** View word: the guest line the entry counts (valid once the field, line id + 1, is set). */
    private static final int GUEST = 1;
    private static final int VIEW_WORDS = 2;
    /** Key bit of entries keyed by a guest line: line addresses have it clear. */
    private static final long ALIAS = 2;
    /**
     * CPUs whose counters and byte masks an entry holds in place: lines average 1.7 CPUs with
     * transfers on a 4-CPU recording (exim60-6.1: 69 % one, 10 % two, 3 % three, 18 % four); a
     * line's third and fourth CPUs go to a continuation entry next to it, further ones to the
     * table's side table.
     */
    private static final int CPU_SLOTS = 2;

    private final LineSize lineSize;
    private final LineCpuTable table;
    /** Guest line address to line id and back, ids in order of first counted transfer. */
    private final Interner lineIds;

    // the lines of the last access that moved, as the model found them (positions valid in one generation)
    private long firstGuest;
    private long lastGuest;
    private long firstHost;
    private long lastHost;
    private int firstEntry;
    private int lastEntry;
    private boolean lastMoved;
    private int generation;

    LineTransfers(LineSize lineSize, Interner lineIds) {
        this.lineSize = lineSize;
        this.lineIds = lineIds;
        this.table = new LineCpuTable(lineSize, VIEW_WORDS, CPU_SLOTS, 85);
    }

    LineCpuTable table() {
        return table;
    }

    /** Every line becomes present in every CPU's cache (the recorder does this on entering movement mode). */
    void reset() {
        table.forEachEntry(p -> table.words(p)[table.word(p, HELD)] = TransferModel.EVERY_CPU);
    }

    /**
     * Applies an access of {@code bytes} bytes by {@code cpu} ({@code < TransferModel.MAX_CPUS})
     * at host address {@code hostAddr} (guest address {@code guestAddr}) to the model, as
     * {@link TransferModel#accessLines} does, and tells which lines moved
     * ({@link TransferModel#FIRST_LINE}, {@link TransferModel#LAST_LINE}).
     */
    int access(long hostAddr, long guestAddr, int bytes, int cpu, boolean store) {
        int before = table.generation();
        int span = Math.max(bytes, 1) - 1;
        firstHost = lineSize.lineOf(hostAddr);
        lastHost = lineSize.lineOf(hostAddr + span);
        firstEntry = move(firstHost, cpu, store);
        int moved = firstEntry >= 0 ? TransferModel.FIRST_LINE : 0;
        lastMoved = false;
        if (lastHost != firstHost) {
            lastEntry = move(lastHost, cpu, store);
            if (lastEntry >= 0) {
                lastMoved = true;
                moved |= TransferModel.LAST_LINE;
                if (firstEntry >= 0 && table.generation() != before) {
                    firstEntry = table.lookupKey(firstHost); // the insertion moved the entries (it is there)
                }
            }
        }
        if (moved != 0) {
            firstGuest = lineSize.lineOf(guestAddr);
            lastGuest = lineSize.lineOf(guestAddr + span);
            generation = table.generation();
        }
        return moved;
    }

    /** The entry of physical line {@code host} if the access moved it (inserted if new), else -1. */
    private int move(long host, int cpu, boolean store) {
        int p = table.lookupKey(host);
        long held = p < 0 ? TransferModel.EVERY_CPU : table.words(p)[table.word(p, HELD)];
        long next = TransferModel.holdersAfter(held, cpu, store);
        if (next == held) {
            return -1;
        }
        if (p < 0) {
            p = table.insertAt(host, -1 - p);
        }
        table.words(p)[table.word(p, HELD)] = next;
        return p;
    }

    /**
     * Counts a transfer of guest line {@code guestLine} by {@code cpu} that touched {@code bytes}
     * (a byte mask), a line the last {@link #access} moved (any other line is counted too, with a
     * probe of its own), and returns the line's id.
     */
    int count(long guestLine, int cpu, boolean store, long bytes) {
        if (table.generation() != generation) { // an earlier count inserted an entry
            firstEntry = firstEntry < 0 ? -1 : table.lookupKey(firstHost);
            lastEntry = lastMoved ? table.lookupKey(lastHost) : -1;
            generation = table.generation();
        }
        int p = lastMoved && guestLine == lastGuest ? lastEntry
                : guestLine == firstGuest ? firstEntry : -1;
        if (p >= 0 && table.field(p) != 0 && table.words(p)[table.word(p, GUEST)] != guestLine) {
            p = -1; // the physical line counts another guest line
        }
        if (p < 0) {
            p = table.findKey(guestLine | ALIAS);
        }
        int id = table.field(p) - 1;
        if (id < 0) {
            id = lineIds.idOf(guestLine);
            table.setField(p, id + 1);
            table.words(p)[table.word(p, GUEST)] = guestLine;
        }
        table.add(p, cpu, store, bytes);
        return id;
    }

    /** Entries keyed by physical lines the model tracks, and by guest lines counted beside them. */
    int entries() {
        return table.size();
    }

    long stateBytes() {
        return table.stateBytes();
    }
}
