package android.os;

/**
 * Stand-in for Android's {@code android.os.Build}, read by the wireguard-android config parser.
 * SDK level 0 makes {@code com.wireguard.config} take its plain-JVM code paths (see config/pom.xml).
 */
public final class Build {
    private Build() {}

    public static final class VERSION {
        public static final int SDK_INT = 0;

        private VERSION() {}
    }
}
