package org.mtrace.analyses.scopes;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The abstract scopes open on one fcall call stack (MSCAN.md §8.7). {@code active} records whether
 * recording was on when the stack started; scopes are only opened on active stacks.
 */
final class ScopeStack {
    final long tag;
    final boolean active;
    private final ArrayDeque<Scope> open = new ArrayDeque<>();

    ScopeStack(long tag, boolean active) {
        this.tag = tag;
        this.active = active;
    }

    void enter(String name, int cpu) {
        open.push(new Scope(name, cpu));
    }

    /** Pops the innermost scope (an exit without an open scope is ignored). */
    void exit(Consumer<Scope> closed) {
        Scope s = open.poll();
        if (s != null) {
            closed.accept(s);
        }
    }

    /** Innermost open scope, or null. */
    Scope innermost() {
        return open.peek();
    }

    Iterable<Scope> openScopes() {
        return open;
    }

    boolean hasOpenScopes() {
        return !open.isEmpty();
    }

    /** Closes every open scope, innermost first. */
    void destroy(Consumer<Scope> closed) {
        while (!open.isEmpty()) {
            closed.accept(open.pop());
        }
    }
}
