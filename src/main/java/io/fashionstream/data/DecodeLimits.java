package io.fashionstream.data;

/**
 * Limits that {@link ImageDecoder} enforces before it decodes an encoded image, so that a small file
 * declaring a huge picture (a decompression bomb) is refused instead of exhausting memory or CPU.
 * {@code maxBytes} bounds the encoded value; {@code maxPixels} bounds the declared width x height.
 */
public record DecodeLimits(int maxBytes, long maxPixels) {
    /** 8 MiB: far above any sensible product photo, and below the 16 MiB the dead-letter topic accepts. */
    public static final int DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
    /** 25 megapixels (e.g. 5000x5000): above a full-size camera photo, far below a bomb's billions. */
    public static final long DEFAULT_MAX_PIXELS = 25_000_000L;
    public static final DecodeLimits DEFAULT = new DecodeLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);

    public DecodeLimits {
        if (maxBytes < LabelledImages.PIXELS) {
            throw new IllegalArgumentException("Max image bytes must be at least 784. Got: " + maxBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("Max image pixels must be positive. Got: " + maxPixels);
        }
    }

    public DecodeLimits withMaxBytes(int maxBytes) {
        return new DecodeLimits(maxBytes, maxPixels);
    }

    public DecodeLimits withMaxPixels(long maxPixels) {
        return new DecodeLimits(maxBytes, maxPixels);
    }
}
