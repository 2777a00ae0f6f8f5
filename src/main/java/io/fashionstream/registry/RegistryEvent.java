package io.fashionstream.registry;

/** One step of the models topic that can change which version serves, in log order. */
public sealed interface RegistryEvent {
    /** A version that passed every check, with the test accuracy from its verified metadata (NaN if unknown). */
    record Published(int version, double testAccuracy) implements RegistryEvent {
        public Published {
            ModelVersion.check(version);
        }
    }

    /** A (verified, when signing is on) control instruction. */
    record Control(ControlRecord record) implements RegistryEvent {
    }
}
