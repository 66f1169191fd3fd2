package cocolor.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {
    @Test
    void ourMessagesStayAsTheyAreAndTheFileSystemsAreNamedByKind() {
        assertEquals("x.png: not an image", ErrorText.of(new UserError("x.png: not an image")));
        assertEquals("no such file: a.png", ErrorText.of(new UncheckedIOException(new NoSuchFileException("a.png"))));
        assertEquals("permission denied: out/", ErrorText.of(new AccessDeniedException("out/")));
        assertEquals("I/O error: closed", ErrorText.of(new IOException(" closed ")));
        assertEquals("I/O error", ErrorText.of(new IOException("")));
        assertEquals("IllegalStateException: broken", ErrorText.of(new IllegalStateException("broken")));
    }
}
