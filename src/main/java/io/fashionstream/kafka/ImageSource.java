package io.fashionstream.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import io.fashionstream.data.LabelledImages;

/** A finite, indexed sequence of images to produce; random access so that a range can be chosen. */
public interface ImageSource {
    /** File extensions taken from a folder (explicitly named files are taken whatever their name). */
    Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

    int size();

    /**
     * The {@code i}-th image, read now.
     *
     * @throws UncheckedIOException when a file cannot be read
     */
    ImageRecord get(int i);

    /** A sub-range {@code [from, to)} of this source. */
    default ImageSource range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("Bad range [" + from + ", " + to + ") of " + size() + " images");
        }
        ImageSource all = this;
        return new ImageSource() {
            @Override
            public int size() {
                return to - from;
            }

            @Override
            public ImageRecord get(int i) {
                return all.get(from + i);
            }
        };
    }

    /**
     * Dataset images as raw 784-byte rows with their labels; keys are {@code <setName>-<index>} with a
     * five-digit index into the set, e.g. {@code test-00042}.
     */
    static ImageSource dataset(LabelledImages images, String setName) {
        return new ImageSource() {
            @Override
            public int size() {
                return images.size();
            }

            @Override
            public ImageRecord get(int i) {
                return new ImageRecord(String.format(Locale.ROOT, "%s-%05d", setName, i), images.image(i), images.label(i));
            }
        };
    }

    /**
     * Image files, unlabelled, keyed by file name. A folder contributes its PNG, JPEG, GIF and BMP files
     * (not recursively), in name order; a named file is taken as it is.
     *
     * @throws IllegalArgumentException when a path does not exist or nothing is left to send
     */
    static ImageSource files(List<Path> pathsOrFolders) {
        List<Path> files = new ArrayList<>();
        for (Path p : pathsOrFolders) {
            if (Files.isDirectory(p)) {
                files.addAll(imagesIn(p));
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException(p + ": no such file or folder");
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no image files (" + String.join(", ", IMAGE_EXTENSIONS.stream().sorted()
                    .toList()) + ") in " + pathsOrFolders);
        }
        return new ImageSource() {
            @Override
            public int size() {
                return files.size();
            }

            @Override
            public ImageRecord get(int i) {
                Path f = files.get(i);
                try {
                    return new ImageRecord(f.getFileName().toString(), Files.readAllBytes(f), ImageRecord.UNLABELLED);
                } catch (IOException e) {
                    throw new UncheckedIOException(f + ": cannot read (" + e.getMessage() + ")", e);
                }
            }
        };
    }

    private static List<Path> imagesIn(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).filter(ImageSource::hasImageExtension).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
