package org.mtrace.dwarf.describe;

/**
 * A type DIE lacks an attribute a description needs (e.g. a member without a location). As in the original,
 * the caller then tries the next definition of the type instead of failing.
 */
public final class MissingAttributeException extends Exception {
    public MissingAttributeException(String what) {
        super(what, null, false, false);
    }
}
