package io.fashionstream.data;

import java.util.List;

/** The ten Fashion-MNIST classes in label order: {@code values()[label]} is the class of a label. */
public enum FashionClass {
    T_SHIRT_TOP("T-shirt/top"),
    TROUSER("Trouser"),
    PULLOVER("Pullover"),
    DRESS("Dress"),
    COAT("Coat"),
    SANDAL("Sandal"),
    SHIRT("Shirt"),
    SNEAKER("Sneaker"),
    BAG("Bag"),
    ANKLE_BOOT("Ankle boot");

    /** Number of classes. */
    public static final int COUNT = 10;

    private static final FashionClass[] BY_LABEL = values();

    private final String displayName;

    FashionClass(String displayName) {
        this.displayName = displayName;
    }

    /** The name used in the dataset's documentation, e.g. {@code "Ankle boot"}. */
    public String displayName() {
        return displayName;
    }

    /** The numeric label 0..9. */
    public int label() {
        return ordinal();
    }

    /** The class of a numeric label; throws {@link IllegalArgumentException} outside 0..9. */
    public static FashionClass ofLabel(int label) {
        if (label < 0 || label >= COUNT) {
            throw new IllegalArgumentException("Label must be 0..9. Got: " + label);
        }
        return BY_LABEL[label];
    }

    /** Display names in label order. */
    public static List<String> displayNames() {
        return java.util.Arrays.stream(BY_LABEL).map(FashionClass::displayName).toList();
    }
}
