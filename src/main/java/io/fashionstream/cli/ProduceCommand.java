package io.fashionstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.fashionstream.data.DatasetFiles;
import io.fashionstream.data.DatasetLocator;
import io.fashionstream.kafka.ImageProducer;
import io.fashionstream.kafka.ImageSource;
import io.fashionstream.kafka.TopicAdmin;
import io.fashionstream.kafka.Topics;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code produce}: sends Fashion-MNIST images (raw, labelled) or image files to the images topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Send Fashion-MNIST images (784 raw bytes, key test-00042, header label) or the image files "
            + "of a folder (key = file name) to the images topic, at a chosen rate."})
final class ProduceCommand implements Callable<Integer> {
    enum Split { test, train }

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = Topics.IMAGES, description = "Topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--set", description = "Dataset split: ${COMPLETION-CANDIDATES} (default: test)")
    Split set;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the Fashion-MNIST files")
    Path data;

    @Option(names = "--files", arity = "1..*", paramLabel = "DIR_OR_FILE",
            description = "Send these image files, or a folder's PNG/JPEG/GIF/BMP files, instead of the dataset")
    List<Path> files;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many images first (default: 0)")
    int offset;

    @Option(names = "--limit", description = "Send at most this many images (default: all)")
    Integer limit;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "IMAGES_PER_S",
            description = "Images per second; 0 = as fast as possible (default: 0)")
    double rate;

    @Option(names = "--no-progress", description = "No progress bar")
    boolean noProgress;

    @Override
    public Integer call() throws InterruptedException {
        if (rate < 0 || Double.isNaN(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be 0 or more. Got: " + rate);
        }
        ImageSource source = selected(source());
        try (TopicAdmin admin = new TopicAdmin(kafka.properties())) {
            admin.ensure(List.of(Topics.images().withName(topic)));
        }
        ImageProducer.Result result;
        try (ImageProducer producer = new ImageProducer(kafka.properties());
             ProgressBar bar = progressBar(source.size())) {
            result = producer.send(topic, source, rate, n -> bar.stepBy(n));
        }
        return report(result);
    }

    private ImageSource source() {
        if (files != null) {
            if (set != null || data != null) {
                throw new ParameterException(spec.commandLine(), "--files cannot be combined with --set or --data");
            }
            return ImageSource.files(files);
        }
        Split split = set == null ? Split.test : set;
        DatasetFiles dataset = DatasetLocator.standard(Optional.ofNullable(data)).locate();
        return ImageSource.dataset(split == Split.test ? dataset.test() : dataset.train(), split.name());
    }

    private ImageSource selected(ImageSource all) {
        if (offset < 0 || offset >= all.size()) {
            throw new ParameterException(spec.commandLine(), "--offset must be 0.." + (all.size() - 1)
                    + " (there are " + all.size() + " images). Got: " + offset);
        }
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1. Got: " + limit);
        }
        int end = limit == null ? all.size() : (int) Math.min(all.size(), (long) offset + limit);
        return all.range(offset, end);
    }

    private ProgressBar progressBar(int total) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName("produce").setInitialMax(total)
                .setUnit(" img", 1).showSpeed().setUpdateIntervalMillis(250);
        if (noProgress) {
            b.setConsumer(new DelegatingProgressBarConsumer(line -> { }));
        }
        return b.build();
    }

    private int report(ImageProducer.Result r) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "sent %d images to %s at %s in %.2f s (%.0f images/s)%n", r.sent(), topic,
                kafka.bootstrapServers(), r.elapsed().toNanos() / 1e9, r.rate());
        if (r.failed() == 0) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("error: %d images were not sent:%n", r.failed());
        r.errors().forEach(e -> err.println("  " + e));
        if (r.failed() > r.errors().size()) {
            err.printf("  ... and %d more%n", r.failed() - r.errors().size());
        }
        return 1;
    }
}
