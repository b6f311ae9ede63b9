package org.mtrace.format;

/** A format enumeration value: the number stored in the log and the word tools print for it. */
public interface Coded {
    int code();

    String spelling();
}
