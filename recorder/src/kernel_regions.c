/*
 * Memory the kernel set up from memblock before the page and slab allocators
 * (no hook sees it allocated) -> labels, written once at the first context
 * switch (docs/recorder.md "Kernel stacks and memblock regions"):
 *  - each CPU's per-CPU unit past the static variables: the module reserve
 *    and the first chunk's dynamic area (per-CPU counters, mm_cid, memcg
 *    statistics ...), "per-CPU dynamic area of cpu N".  Only the used part:
 *    the kernel returns each unit's tail to the page allocator;
 *  - the first chunk's struct pcpu_chunk (heap label, typed) and its
 *    allocation bitmaps and block metadata ("per-CPU allocator map");
 *  - each node's struct pglist_data (node_data[]; zones, free lists, vmstat);
 *  - the dentry and inode hash tables (alloc_large_system_hash from memblock):
 *    dentry_hashtable has 1 << (32 - d_hash_shift) hlist_bl_head (8 bytes),
 *    inode_hashtable 1 << i_hash_shift hlist_head (8 bytes), fs/dcache.c and
 *    fs/inode.c on 6.1 and 6.12.
 */
#include <stdio.h>

#include "entries.h"
#include "guest.h"
#include "hook_defs.h"
#include "recorder.h"

enum { PCPU_MAP_BYTES_PER_PAGE = 4096 / 4 / 8, /* alloc_map: a bit per PCPU_MIN_ALLOC_SIZE (4) bytes */
       PCPU_BLOCK_MD_BYTES = 32,               /* sizeof(struct pcpu_block_md) on 6.1 and 6.12 (gdb) */
       MAX_NODES = 8 };

static bool read_i32(uint64_t va, int64_t off, int32_t *out)
{
    return off >= 0 && guest_read(va + (uint64_t)off, out, sizeof *out);
}

static bool read_ptr(uint64_t va, int64_t off, uint64_t *out)
{
    return off >= 0 && guest_read_u64(va + (uint64_t)off, out) && *out >= MT_KERNEL_START;
}

static void label_percpu(unsigned cpu, unsigned ncpus)
{
    uint64_t chunk = 0, base = 0, chunk_base = 0, struct_size = 0, map;
    int32_t nr_pages = 0, end_offset = 0;
    if (!KX.pcpu_first_chunk_sym || !KX.pcpu_base_addr_sym || !read_ptr(KX.pcpu_first_chunk_sym, 0, &chunk) ||
        !read_ptr(KX.pcpu_base_addr_sym, 0, &base) || !read_ptr(chunk, KX.chunk_base_addr, &chunk_base) ||
        !read_i32(chunk, KX.chunk_nr_pages, &nr_pages) || !read_i32(chunk, KX.chunk_end_offset, &end_offset) ||
        nr_pages <= 0)
        return;
    /* per-CPU pointers of the dynamic area: [__per_cpu_end, used_end) */
    uint64_t used_end = (chunk_base - base) + 4096ULL * (uint64_t)nr_pages - (uint64_t)end_offset;
    uint64_t static_end = K.per_cpu_end - K.per_cpu_start;
    for (unsigned c = 0; c < ncpus && used_end > static_end && used_end < (1ULL << 30); c++) {
        uint64_t off;
        char name[MT_STR_LEN];
        if (!guest_read_u64(K.per_cpu_offset_sym + 8 * (uint64_t)c, &off) || off == 0)
            continue;
        snprintf(name, sizeof name, "per-CPU dynamic area of cpu %u", c);
        label_region(cpu, name, off + K.per_cpu_end, used_end - static_end);
    }
    if (KX.pcpu_chunk_struct_size_sym && guest_read_u64(KX.pcpu_chunk_struct_size_sym, &struct_size) &&
        struct_size < 4096)
        label_typed(cpu, "pcpu_chunk", chunk, struct_size);
    uint64_t map_bytes = (uint64_t)nr_pages * PCPU_MAP_BYTES_PER_PAGE;
    if (read_ptr(chunk, KX.chunk_alloc_map, &map))
        label_region(cpu, "per-CPU allocator map (alloc_map)", map, map_bytes);
    if (read_ptr(chunk, KX.chunk_bound_map, &map))
        label_region(cpu, "per-CPU allocator map (bound_map)", map, map_bytes + 8);
    if (read_ptr(chunk, KX.chunk_md_blocks, &map))
        label_region(cpu, "per-CPU allocator map (md_blocks)", map, (uint64_t)nr_pages * PCPU_BLOCK_MD_BYTES);
}

static void label_nodes(unsigned cpu)
{
    if (!KX.node_data_sym || !KX.pglist_data_size)
        return;
    for (unsigned n = 0; n < MAX_NODES; n++) {
        uint64_t pgdat;
        if (read_ptr(KX.node_data_sym + 8 * (uint64_t)n, 0, &pgdat))
            label_typed(cpu, "pglist_data", pgdat, KX.pglist_data_size);
    }
}

static void label_hash(unsigned cpu, const char *name, uint64_t table_sym, uint64_t shift_sym, bool from_32)
{
    uint64_t table;
    uint32_t shift = 0;
    if (!table_sym || !shift_sym || !read_ptr(table_sym, 0, &table) ||
        !guest_read(shift_sym, &shift, sizeof shift) || shift == 0 || shift > 32)
        return;
    unsigned bits = from_32 ? 32 - shift : shift;
    if (bits > 27)
        return; /* over 1 GiB: not a value this kernel set */
    label_region(cpu, name, table, 8ULL << bits);
}

void regions_label_once(unsigned cpu, unsigned ncpus)
{
    static bool done;
    if (done || !K.per_cpu_offset_sym)
        return;
    done = true;
    label_percpu(cpu, ncpus);
    label_nodes(cpu);
    label_hash(cpu, "hash table dentry_hashtable", KX.dentry_hashtable_sym, KX.d_hash_shift_sym, true);
    label_hash(cpu, "hash table inode_hashtable", KX.inode_hashtable_sym, KX.i_hash_shift_sym, false);
}
