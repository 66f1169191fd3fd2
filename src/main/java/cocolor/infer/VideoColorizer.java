package cocolor.infer;

import cocolor.base.DaemonThreads;
import cocolor.base.Progress;
import cocolor.base.ProgressListener;
import cocolor.base.UserError;
import cocolor.image.FloatImage;
import cocolor.io.AtomicFiles;
import cocolor.recipe.Mode;
import cocolor.video.AudioPacket;
import cocolor.video.VideoFrame;
import cocolor.video.VideoReadException;
import cocolor.video.VideoReader;
import cocolor.video.VideoWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The library's video entry point: colorizes a video file into an MP4 file of the same size, frame
 * rate, frame count and duration, its audio copied unchanged.
 *
 * <pre>{@code
 * try (Colorizer colorizer = Colorizer.loadDefault()) {
 *     new VideoColorizer(colorizer).colorize(Path.of("night.mp4"), Path.of("out/night.mp4"));
 * }
 * }</pre>
 *
 * Streamed: a reader thread decodes a few frames ahead, the calling thread decides each frame's
 * colour in order ({@link ClipColorizer}), two threads render frames at full resolution and a
 * writer thread encodes them in order, with a bounded number of frames between the stages, so memory stays bounded
 * whatever the video's length. The result is written to a temporary name and renamed when
 * complete: a failure or an interruption leaves nothing under the output's name.
 */
public final class VideoColorizer {
    /** Decoded frames waiting for the colour decision. */
    static final int READ_AHEAD = 4;
    /** Decided frames being rendered or waiting to be encoded. */
    static final int WRITES_IN_FLIGHT = 4;
    /**
     * Threads rendering frames at full resolution (the guided upsampling, the costliest step of a
     * frame the network does not see): two, so that the writer encodes one frame while two render.
     */
    static final int RENDER_THREADS = 2;

    private final Colorizer colorizer;

    /** What to colorize as, and how. {@code temporal}: carry colour across frames ({@link ClipColorizer}). */
    public record Options(Mode mode, Scale scale, boolean temporal) {
        public static final Options DEFAULT = new Options(Mode.NIR, Scale.AUTO, true);
    }

    /**
     * What one video gave: frames written, of which the network colorized {@code networkFrames};
     * the encoder used; why audio was left out and why decoding stopped early, or null.
     */
    public record Result(long frames, long networkFrames, String encoder, String audioNote, String readProblem) {}

    public VideoColorizer(Colorizer colorizer) {
        this.colorizer = colorizer;
    }

    /** Colorizes a NIR video with the default options, without progress. */
    public Result colorize(Path input, Path output) {
        return colorize(input, output, Options.DEFAULT, ProgressListener.NONE);
    }

    /**
     * Colorizes {@code input} into {@code output} (an MP4 file, replaced if it exists, but never the
     * input itself). A file that is no readable video, has no video stream or no frames is a {@link
     * UserError} naming it, and nothing is written.
     */
    public Result colorize(Path input, Path output, Options options, ProgressListener progress) {
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new UserError(output + ": the output would replace its input; write it elsewhere");
        }
        try (VideoReader reader = VideoReader.open(input)) {
            ClipColorizer clip = colorizer.clip(options.mode(), options.scale(), options.temporal());
            Result[] result = new Result[1];
            AtomicFiles.deleteLeftovers(output); // of a run killed outright (kill -9, power loss)
            AtomicFiles.writeFile(output, temp -> {
                try (VideoWriter writer = VideoWriter.like(temp, output, reader);
                        Progress p = progress.counting(String.valueOf(input.getFileName()), reader.info().expectedFrames(), "frame")) {
                    long frames = stream(reader, clip, writer, p);
                    if (frames == 0) {
                        throw new VideoReadException(input, "has no video frames"
                                + (reader.readProblem() != null ? " (" + reader.readProblem() + ")" : ""));
                    }
                    writer.finish();
                    result[0] = new Result(frames, clip.networkFrames(), writer.encoderName(), writer.audioNote(), reader.readProblem());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            });
            return result[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    /** A decoded frame, the end of the video, or the reader's failure. */
    private record Item(VideoFrame frame, List<AudioPacket> trailingAudio, RuntimeException failure) {}

    private static long stream(VideoReader reader, ClipColorizer clip, VideoWriter writer, Progress progress) throws InterruptedException {
        BlockingQueue<Item> decoded = new ArrayBlockingQueue<>(READ_AHEAD);
        ExecutorService readerThread = Executors.newSingleThreadExecutor(DaemonThreads.named("video-reader"));
        ExecutorService writerThread = Executors.newSingleThreadExecutor(DaemonThreads.named("video-writer"));
        ExecutorService renderThreads = Executors.newFixedThreadPool(RENDER_THREADS, DaemonThreads.named("video-render"));
        Semaphore slots = new Semaphore(WRITES_IN_FLIGHT);
        AtomicReference<RuntimeException> writeFailure = new AtomicReference<>();
        long frames = 0;
        try {
            readerThread.execute(() -> {
                try {
                    for (VideoFrame f; (f = reader.read()) != null; ) {
                        decoded.put(new Item(f, null, null));
                    }
                    decoded.put(new Item(null, reader.remainingAudio(), null));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    try {
                        decoded.put(new Item(null, null, e)); // the calling thread is taking: room comes
                    } catch (InterruptedException stopped) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            while (true) {
                Item item = decoded.take();
                if (item.failure() != null) {
                    throw item.failure();
                }
                slots.acquire();
                if (writeFailure.get() != null) {
                    release(item);
                    throw writeFailure.get();
                }
                if (item.frame() == null) {
                    writerThread.execute(() -> write(writer, null, item.trailingAudio(), writeFailure, slots));
                    break;
                }
                VideoFrame f = item.frame();
                ClipColorizer.Decision decision;
                try {
                    decision = clip.decide(f.luma());
                } catch (RuntimeException e) {
                    release(item);
                    throw e;
                }
                frames++;
                CompletableFuture<FloatImage> rendered = CompletableFuture.supplyAsync(() -> clip.render(decision), renderThreads);
                writerThread.execute(() -> {
                    write(writer, () -> writer.writeFrame(joined(rendered), f.pts(), f.duration()), f.audio(), writeFailure, slots);
                    progress.step();
                });
            }
            writerThread.shutdown();
            writerThread.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            if (writeFailure.get() != null) {
                throw writeFailure.get();
            }
            return frames;
        } finally {
            readerThread.shutdownNow();
            writerThread.shutdownNow();
            renderThreads.shutdownNow();
            // The native reader and writer are closed by the caller: neither thread may still use them.
            readerThread.awaitTermination(1, TimeUnit.MINUTES);
            writerThread.awaitTermination(1, TimeUnit.MINUTES);
            for (Item left; (left = decoded.poll()) != null; ) {
                release(left);
            }
        }
    }

    /** On the writer thread: the audio read before a frame, then the frame (null at the end); the first failure is kept. */
    private static void write(VideoWriter writer, Runnable frame, List<AudioPacket> audio, AtomicReference<RuntimeException> failure,
            Semaphore slots) {
        try {
            if (failure.get() == null) {
                audio.forEach(writer::writeAudio);
                if (frame != null) {
                    frame.run();
                }
            } else {
                audio.forEach(AudioPacket::close);
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            audio.forEach(AudioPacket::close);
        } finally {
            slots.release();
        }
    }

    private static FloatImage joined(CompletableFuture<FloatImage> rendered) {
        try {
            return rendered.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private static void release(Item item) {
        if (item.frame() != null) {
            item.frame().discardAudio();
        }
        if (item.trailingAudio() != null) {
            item.trailingAudio().forEach(AudioPacket::close);
        }
    }
}
