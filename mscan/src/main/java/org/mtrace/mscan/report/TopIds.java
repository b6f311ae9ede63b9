package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The best {@code n} of many int ids under an order on ids, best first, without boxing them or
 * sorting them all: the report ranks hundreds of thousands of lines to print twenty. A heap of
 * the {@code n} best so far, its worst on top, costs O(ids log n).
 */
final class TopIds {
    /** An order on ids: negative when {@code a} ranks before {@code b}. */
    @FunctionalInterface
    interface Order {
        int compare(int a, int b);
    }

    private final Order order;
    private final int[] heap;
    private int size;

    TopIds(int n, Order order) {
        this.order = order;
        this.heap = new int[Math.max(n, 0)];
    }

    void offer(int id) {
        if (size < heap.length) {
            heap[size] = id;
            up(size++);
        } else if (size > 0 && order.compare(id, heap[0]) < 0) {
            heap[0] = id;
            down(0);
        }
    }

    /** The kept ids, best first (make the order total: ties keep no particular order). */
    List<Integer> best() {
        List<Integer> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(heap[i]);
        }
        out.sort(order::compare);
        return out;
    }

    /** Whether {@code a} belongs nearer the top of the heap than {@code b} (it ranks after it). */
    private boolean worse(int a, int b) {
        return order.compare(a, b) > 0;
    }

    private void up(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!worse(heap[i], heap[parent])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void down(int i) {
        while (true) {
            int l = 2 * i + 1;
            int worst = i;
            if (l < size && worse(heap[l], heap[worst])) {
                worst = l;
            }
            if (l + 1 < size && worse(heap[l + 1], heap[worst])) {
                worst = l + 1;
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int i, int j) {
        int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
