package cocolor.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Standard error on a terminal, shared by a progress bar and everything else written there. The
 * bar redraws its line in place with a carriage return, so a message written meanwhile would be
 * glued to its end ({@code ...2.0 img/serror: ...}). Installed by {@link Main}, this stream blanks
 * the bar's line before any other output reaches the screen and draws the bar again below a
 * message once the message's line is complete. Without a bar it passes everything through.
 */
final class StatusLine extends OutputStream {
    private static volatile StatusLine installed;
    private static Boolean terminal;
    private static int width;

    /** The real stderr. */
    private final PrintStream screen;
    /** The bar as last drawn; null while there is no bar. */
    private String frame;
    /** The frame is on the screen, the cursor at its end. */
    private boolean shown;
    /** A message's line has begun and is not complete yet: the bar waits below it. */
    private boolean midLine;

    private StatusLine(PrintStream screen) {
        this.screen = screen;
    }

    /** Routes {@code System.err} through a status line, once per process. */
    static synchronized void install() {
        if (installed == null) {
            installed = new StatusLine(System.err);
            System.setErr(new PrintStream(installed, true, Charset.defaultCharset()));
        }
    }

    /** Whether stderr is a terminal (asked once; JLine runs {@code test -t 2}). */
    static synchronized boolean stderrIsTerminal() {
        if (terminal == null) {
            terminal = ask(true) != 0;
        }
        return terminal;
    }

    /** The terminal's width in columns (80 when it cannot be told). */
    static synchronized int stderrWidth() {
        if (width == 0) {
            int columns = ask(false);
            width = columns > 0 ? columns : 80;
        }
        return width;
    }

    /** JLine's answer through its process-based provider (no native library is unpacked): 1/0 for a terminal, or the width. */
    private static int ask(boolean isTerminal) {
        try {
            TerminalProvider exec = TerminalProvider.load("exec");
            return isTerminal ? (exec.isSystemStream(SystemStream.Error) ? 1 : 0) : exec.systemStreamWidth(SystemStream.Error);
        } catch (Exception | LinkageError e) {
            return 0;
        }
    }

    /** Draws a bar's frame: on the status line if installed, else on stderr after a carriage return. */
    static void draw(String frame) {
        StatusLine line = installed;
        if (line != null) {
            line.drawFrame(frame);
        } else {
            System.err.print('\r' + frame);
            System.err.flush();
        }
    }

    /** The bar is done: its last frame stays as a line of its own. */
    static void release() {
        StatusLine line = installed;
        if (line != null) {
            line.releaseFrame();
        } else {
            System.err.println();
        }
    }

    private synchronized void drawFrame(String next) {
        String previous = frame;
        frame = next;
        if (midLine) {
            return; // drawn once the message's line is complete
        }
        screen.print('\r' + next + (previous != null && shown ? " ".repeat(Math.max(0, previous.length() - next.length())) : ""));
        shown = true;
        screen.flush();
    }

    private synchronized void releaseFrame() {
        if (shown) {
            screen.println();
        }
        frame = null;
        shown = false;
        screen.flush();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (shown) {
            screen.print('\r' + " ".repeat(frame.length()) + '\r');
            shown = false;
        }
        screen.write(bytes, offset, length);
        midLine = bytes[offset + length - 1] != '\n';
        if (!midLine && frame != null) {
            screen.print(frame);
            shown = true;
        }
    }

    @Override
    public synchronized void flush() {
        screen.flush();
    }
}
