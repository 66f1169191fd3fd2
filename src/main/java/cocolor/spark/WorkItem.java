package cocolor.spark;

import java.io.Serializable;

/**
 * One input of the job: its URI, the URI its PNG goes to, and a problem found while planning (two
 * inputs that would write the same output) that makes the executor report it without reading it.
 */
record WorkItem(String input, String output, String problem) implements Serializable {}
