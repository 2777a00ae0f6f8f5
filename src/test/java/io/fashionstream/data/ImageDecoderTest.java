package io.fashionstream.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fashionstream.data.ImageRejectedException.Reason;
import io.fashionstream.testing.TestData;
import io.fashionstream.testing.TestImages;

class ImageDecoderTest {
    static LabelledImages test;
    final ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);

    @BeforeAll
    static void load() {
        test = TestData.test().slice(0, 120);
    }

    @Test
    void shouldPassRawPixelsThroughUnchanged() {
        byte[] raw = test.image(0);

        assertThat(decoder.decode(raw)).isEqualTo(raw);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"png", "bmp", "gif"})
    void shouldDecodeADatasetImageSavedAsAFileToTheSamePixels(String format) {
        for (int i = 0; i < 20; i++) {
            byte[] file = TestImages.encode(TestImages.gray28(test.image(i)), format);

            assertThat(decoder.decode(file)).as("image %d as %s", i, format).isEqualTo(test.image(i));
        }
    }

    @Test
    void shouldInvertTrimResizeAndCentreAnEnlargedPhotoBackToTheDatasetPixels() {
        double total = 0;
        int identical = 0;
        for (int i = 0; i < test.size(); i++) {
            // 10x larger on white, pushed to the lower right of a wide canvas
            BufferedImage photo = TestImages.enlarged(test.image(i), 400, 330, 110, 40, 10);

            byte[] decoded = decoder.decode(TestImages.png(photo));

            total += TestImages.meanAbsoluteDifference(decoded, test.image(i));
            identical += java.util.Arrays.equals(decoded, test.image(i)) ? 1 : 0;
        }
        // Not all: trimming drops an image's faintest edge pixels (as the dataset's 5% fuzz did), rescaling it.
        assertThat(identical).as("images back pixel for pixel, of %d", test.size()).isGreaterThan(test.size() * 3 / 4);
        assertThat(total / test.size()).as("mean absolute pixel difference (0..255)").isLessThan(2);
    }

    static Stream<Arguments> smoothPhotos() {
        return Stream.of(
                Arguments.of("grayscale PNG", (Function<BufferedImage, byte[]>) TestImages::png, Color.BLACK),
                Arguments.of("navy JPEG", (Function<BufferedImage, byte[]>) img -> TestImages.jpeg(img, 0.85f),
                        new Color(20, 40, 140)),
                Arguments.of("pale red GIF", (Function<BufferedImage, byte[]>) img -> TestImages.encode(img, "gif"),
                        new Color(230, 120, 120)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smoothPhotos")
    void shouldDecodeSmoothlyScaledPhotosToRecognisablyTheSamePicture(String what, Function<BufferedImage, byte[]> encoder,
                                                                       Color ink) {
        int n = 100;
        double total = 0;
        int closestToOwn = 0;
        for (int i = 0; i < n; i++) {
            BufferedImage photo = TestImages.photo(test.image(i), 300, 280, 20, 6, 9, ink);

            byte[] decoded = decoder.decode(encoder.apply(photo));

            double own = TestImages.meanAbsoluteDifference(decoded, test.image(i));
            total += own;
            boolean closest = true;
            for (int j = 1; j <= 5; j++) {
                closest &= own < TestImages.meanAbsoluteDifference(decoded, test.image((i + j * 37) % test.size()));
            }
            closestToOwn += closest ? 1 : 0;
        }
        assertThat(total / n).as("mean absolute difference from the original").isLessThan(16);
        assertThat(closestToOwn).as("decoded images closer to their original than to 5 others").isGreaterThanOrEqualTo(95);
    }

    @Test
    void shouldCompositeTransparentBackgroundsOntoWhite() {
        byte[] original = test.image(3);
        BufferedImage cutOut = new BufferedImage(28 * 4, 28 * 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < cutOut.getHeight(); y++) {
            for (int x = 0; x < cutOut.getWidth(); x++) {
                // black ink, as opaque as the garment is bright; fully transparent around it
                cutOut.setRGB(x, y, (original[(y / 4) * 28 + x / 4] & 0xff) << 24);
            }
        }

        byte[] decoded = decoder.decode(TestImages.png(cutOut));

        assertThat(TestImages.meanAbsoluteDifference(decoded, original)).isLessThan(1);
    }

    @Test
    void shouldDecodeALargePhotoWithoutHoldingAllItsPixels() {
        BufferedImage photo = TestImages.enlarged(test.image(7), 3000, 2400, 300, 150, 75);

        byte[] decoded = decoder.decode(TestImages.png(photo));

        assertThat(TestImages.meanAbsoluteDifference(decoded, test.image(7))).isLessThan(4);
    }

    @Test
    void shouldRefuseADecompressionBombFromItsHeaderAlone() {
        byte[] bomb = TestImages.pngDeclaring(100_000, 100_000);

        assertThat(bomb.length).as("the bomb file itself is tiny").isLessThan(100);
        assertThatThrownBy(() -> decoder.decode(bomb))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("100000x100000");
    }

    @Test
    void shouldRefuseValuesAboveTheByteLimit() {
        byte[] photo = TestImages.png(TestImages.photo(test.image(0), 200, 200, 10, 10, 6, Color.BLACK));
        ImageDecoder strict = new ImageDecoder(DecodeLimits.DEFAULT.withMaxBytes(photo.length - 1));

        assertThatThrownBy(() -> strict.decode(photo))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining(photo.length + " bytes");
    }

    static Stream<Arguments> unusableValues() {
        Supplier<byte[]> png = () -> TestImages.png(TestImages.photo(test.image(1), 120, 100, 10, 10, 3, Color.BLACK));
        return Stream.of(
                Arguments.of("no bytes", new byte[0], Reason.EMPTY),
                Arguments.of("text", "hello, classifier".getBytes(StandardCharsets.UTF_8), Reason.NOT_AN_IMAGE),
                Arguments.of("783 raw bytes", new byte[783], Reason.NOT_AN_IMAGE),
                Arguments.of("TIFF file", TestImages.encode(TestImages.gray28(test.image(2)), "tiff"), Reason.NOT_AN_IMAGE),
                Arguments.of("truncated PNG", TestImages.truncated(png.get(), 0.5), Reason.UNDECODABLE),
                Arguments.of("truncated JPEG", TestImages.truncated(TestImages.jpeg(
                        TestImages.photo(test.image(1), 120, 100, 10, 10, 3, Color.BLACK), 0.9f), 0.3), Reason.UNDECODABLE),
                Arguments.of("900x10 banner", TestImages.png(new BufferedImage(900, 10, BufferedImage.TYPE_BYTE_GRAY)),
                        Reason.WRONG_SIZE));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("unusableValues")
    void shouldRejectUnusableValuesWithAReason(String what, byte[] value, Reason expected) {
        assertThatThrownBy(() -> decoder.decode(value))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(expected))
                .hasMessageNotContaining("Exception:")
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }
}
