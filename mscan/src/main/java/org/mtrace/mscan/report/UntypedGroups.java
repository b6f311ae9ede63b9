package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;
import org.mtrace.dwarf.alloc.SiteType;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.BlockPurpose;
import org.mtrace.mscan.kernel.KernelLayout;
import org.mtrace.mscan.kernel.RegionLabel;
import org.mtrace.mscan.labels.LabelMaps;

/**
 * The transfers whose address has no type, grouped by what the address is, so the summary can say
 * what the untyped share consists of (on a real recording about half of all transfers: user pages
 * the kernel copies to before they are mapped, page-table pages, anonymous pages, slab pages
 * outside live objects, kernel stacks). A group is a label's shape name (owner-named purposes such
 * as {@code stack of 812 (rm)} are already reduced to the purpose), a page-allocator block's
 * purpose, or for an unlabelled address its kernel region ({@code direct map, unlabelled}, user
 * space). Looked up once per shape or region, counted per key.
 */
final class UntypedGroups {
    /** Groups the summary lists, largest first. */
    static final int LISTED = 8;
    private static final int FORMS = AddressDescription.Form.values().length;

    private final ReportCollector collector;
    private final Attribution attribution;
    private final LongIntHashMap groupOfShape = new LongIntHashMap();
    /** Per kernel region (unlabelled addresses): its group, -1 until its first key. */
    private final int[] groupOfRegion = new int[KernelLayout.Region.values().length];
    private final ObjectIntHashMap<String> groupOfName = new ObjectIntHashMap<>();
    private final List<String> names = new ArrayList<>();
    /**
     * Per group, per form ({@link AddressDescription.Form#ordinal}): its transfers ({@link #transfersOf}
     * sums them). A group's form is the one with the most, whatever the order of the keys (the keys of
     * one label name may be described as a region at one offset and by the name at another).
     */
    private long[] byForm = new long[16 * FORMS];
    /** Per group: whether it is user or file data ({@link #dataTransfers}). */
    private boolean[] data = new boolean[16];

    UntypedGroups(ReportCollector collector, Attribution attribution) {
        this.collector = collector;
        this.attribution = attribution;
        Arrays.fill(groupOfRegion, -1);
    }

    /**
     * Counts {@code n} transfers to {@code addr}, in an object of shape {@code shape} (0: unlabelled),
     * described as {@code d}; returns the group's name.
     */
    String count(long shape, AddressDescription d, long addr, long n) {
        int g;
        if (shape == 0) {
            KernelLayout.Region region = attribution.layout().regionOf(addr);
            g = groupOfRegion[region.ordinal()];
            if (g < 0) {
                g = group(region.label() == null ? "unknown address" : region.label());
                data[g] = d.form() == AddressDescription.Form.USER;
                groupOfRegion[region.ordinal()] = g;
            }
        } else {
            g = groupOfShape.getIfAbsent(shape, -1);
            if (g < 0) {
                Shape o = collector.shape(shape);
                g = group(nameOf(o, d));
                data[g] = d.form() == AddressDescription.Form.USER
                        || o.purpose() != null && o.purpose().kind() == RegionLabel.Kind.DATA;
                groupOfShape.put(shape, g);
            }
        }
        byForm[g * FORMS + d.form().ordinal()] += n;
        return names.get(g);
    }

    private String nameOf(Shape o, AddressDescription d) {
        if (o.labelType() == LabelMaps.BLOCK) {
            String purpose = d.form() == AddressDescription.Form.REGION ? BlockPurpose.of(attribution.func(o.allocPc())) : null;
            if (purpose != null) {
                return purpose;
            }
            if (o.name().equals(RegionLabel.UNNAMED_BLOCK)) { // "pages" alone would not say what it is
                return o.name() + " (page-allocator blocks, purpose unknown)";
            }
        }
        if (o.labelType() == LabelMaps.HEAP && d.form() == AddressDescription.Form.NAME) {
            SiteType user = attribution.mergedCacheUser(o.name(), o.allocPc());
            if (user != null) { // the rest of a merged cache's object the type of its allocation site leaves
                return o.name() + " past " + user.type() + " (merged slab cache)";
            }
        }
        // an owner-named label's purpose ("task stack") is the same kind of memory as a block of that
        // purpose: both count in one group
        return o.what();
    }

    private int group(String name) {
        int g = groupOfName.getIfAbsent(name, -1);
        if (g < 0) {
            g = names.size();
            names.add(name);
            groupOfName.put(name, g);
            if (g == data.length) {
                data = Arrays.copyOf(data, 2 * g);
                byForm = Arrays.copyOf(byForm, 2 * g * FORMS);
            }
        }
        return g;
    }

    /** Group {@code g}'s transfers, of every form. */
    private long transfersOf(int g) {
        long n = 0;
        for (int f = 0; f < FORMS; f++) {
            n += byForm[g * FORMS + f];
        }
        return n;
    }

    /** The form with the most transfers in group {@code g} (ties: the first form). */
    private String formOf(int g) {
        int best = 0;
        for (int f = 1; f < FORMS; f++) {
            if (byForm[g * FORMS + f] > byForm[g * FORMS + best]) {
                best = f;
            }
        }
        return AddressDescription.Form.values()[best].label();
    }

    /**
     * The transfers to user and file data (user space, user pages the kernel fills before mapping
     * them, anonymous and page-cache pages): memory no kernel type describes, which the typed share
     * of kernel objects leaves out.
     */
    long dataTransfers() {
        long n = 0;
        for (int g = 0; g < names.size(); g++) {
            n += data[g] ? transfersOf(g) : 0;
        }
        return n;
    }

    /** The {@value #LISTED} largest groups, by transfers (ties by name). */
    List<Report.Untyped> largest() {
        List<Report.Untyped> all = new ArrayList<>();
        for (int g = 0; g < names.size(); g++) {
            all.add(new Report.Untyped(names.get(g), formOf(g), transfersOf(g)));
        }
        all.sort(Comparator.comparingLong(Report.Untyped::transfers).reversed().thenComparing(Report.Untyped::what));
        return List.copyOf(all.subList(0, Math.min(LISTED, all.size())));
    }
}
