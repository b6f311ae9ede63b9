package org.mtrace.analyses.sharedaddr;

/**
 * The rows of one address. Objects are freed and reallocated at the same addresses all the
 * time, so an address collects one row per object that lived there; searching them from the
 * most recently used one made every fresh allocation walk all of them. Label ids grow with
 * every label, so the rows are kept newest object first: the object now at the address is
 * almost always the newest, found or added at the front.
 */
final class AddressRows {
    /** Rows of objects with id ≠ 0, in descending id order, linked by {@link AddressRow#sameAddress}. */
    AddressRow newest;
    /** The row of id 0: no object (object ids start at 1). */
    AddressRow idZero;
    /** The row resolved last; current while its generation is the label maps' generation. */
    AddressRow current;

    /** The row of object {@code id} at this address, or null. */
    AddressRow find(long id) {
        if (id == 0) {
            return idZero;
        }
        AddressRow row = newest;
        while (row != null && row.objectId > id) { // ids are a non-negative counter
            row = row.sameAddress;
        }
        return row != null && row.objectId == id ? row : null;
    }

    /** Adds the row of an object not yet here, keeping the order. */
    void add(AddressRow row) {
        if (row.objectId == 0) {
            idZero = row;
            return;
        }
        if (newest == null || newest.objectId < row.objectId) {
            row.sameAddress = newest;
            newest = row;
            return;
        }
        AddressRow prev = newest;
        while (prev.sameAddress != null && prev.sameAddress.objectId > row.objectId) {
            prev = prev.sameAddress;
        }
        row.sameAddress = prev.sameAddress;
        prev.sameAddress = row;
    }
}
