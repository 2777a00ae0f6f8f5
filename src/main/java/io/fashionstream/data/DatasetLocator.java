package io.fashionstream.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the four Fashion-MNIST files: an explicit directory, env {@code FASHION_MNIST_DIR}, the Debian
 * package's {@code /usr/share/datasets/fashion-mnist}, then {@code ~/.cache/fashion-mnist}; if none has
 * them it downloads them from the dataset's official mirror into the cache. Without data and without
 * network it fails with one message saying how to get the data.
 */
public final class DatasetLocator {
    private static final Logger log = LoggerFactory.getLogger(DatasetLocator.class);

    /** The dataset's official download location (zalandoresearch/fashion-mnist README). */
    public static final String MIRROR = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String ENV = "FASHION_MNIST_DIR";

    private final Optional<Path> explicitDir;
    private final Optional<String> envDir;
    private final Path systemDir;
    private final Path cacheDir;
    private final Optional<String> mirror;

    /** {@code mirror}: base URL to download from into {@code cacheDir}; empty to never download. */
    public DatasetLocator(Optional<Path> explicitDir, Optional<String> envDir, Path systemDir, Path cacheDir,
                          Optional<String> mirror) {
        this.explicitDir = explicitDir;
        this.envDir = envDir.filter(s -> !s.isBlank());
        this.systemDir = systemDir;
        this.cacheDir = cacheDir;
        this.mirror = mirror;
    }

    /** The default search order, with an optional {@code --data} directory. */
    public static DatasetLocator standard(Optional<Path> explicitDir) {
        return new DatasetLocator(explicitDir, Optional.ofNullable(System.getenv(ENV)), DEBIAN_DIR,
                Path.of(System.getProperty("user.home"), ".cache", "fashion-mnist"), Optional.of(MIRROR));
    }

    /** Directories searched, in order. */
    public List<Path> candidates() {
        List<Path> dirs = new ArrayList<>();
        explicitDir.ifPresent(dirs::add);
        envDir.map(Path::of).ifPresent(dirs::add);
        dirs.add(systemDir);
        dirs.add(cacheDir);
        return dirs;
    }

    /**
     * The files of the first candidate that has all four. An explicit directory that lacks them is an
     * error of its own (the user asked for that one).
     */
    public DatasetFiles locate() {
        if (explicitDir.isPresent()) {
            return DatasetFiles.in(explicitDir.get()).orElseThrow(() -> new DataFormatException(
                    "--data " + explicitDir.get() + ": does not hold the four Fashion-MNIST files ("
                            + String.join(", ", DatasetFiles.NAMES) + ", optionally without .gz)"));
        }
        for (Path dir : candidates()) {
            Optional<DatasetFiles> files = DatasetFiles.in(dir);
            if (files.isPresent()) {
                log.debug("Fashion-MNIST found in {}", dir);
                return files.get();
            }
        }
        if (mirror.isPresent()) {
            try {
                return downloadInto(cacheDir, mirror.get());
            } catch (IOException e) {
                log.debug("Download failed", e);
                throw notFound("download from " + mirror.get() + " failed (" + e + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw notFound("download interrupted");
            }
        }
        throw notFound("downloading is off");
    }

    private DataFormatException notFound(String why) {
        return new DataFormatException("Fashion-MNIST not found in " + candidates() + " and " + why + ".\n"
                + "Get it with `apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or put the four files ("
                + String.join(", ", DatasetFiles.NAMES) + ") in a directory and pass --data DIR or set " + ENV + ".");
    }

    private DatasetFiles downloadInto(Path dir, String base) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String name : DatasetFiles.NAMES) {
            Path target = dir.resolve(name);
            if (Files.isRegularFile(target)) {
                continue;
            }
            log.info("Downloading {}{} to {}", base, name, target);
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + name)).timeout(Duration.ofMinutes(5)).build();
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = resp.body()) {
                if (resp.statusCode() != 200) {
                    throw new IOException("HTTP " + resp.statusCode() + " for " + name);
                }
                Path tmp = Files.createTempFile(dir, name, ".part");
                Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        DatasetFiles files = DatasetFiles.in(dir).orElseThrow(() -> new IOException("files missing after download"));
        files.load(); // verifies magic numbers, counts and dimensions before anyone relies on the cache
        return files;
    }
}
