package ai.ringrift.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code ringrift --version}: the version the build wrote into {@value #RESOURCE} (Maven resource filtering). */
public final class BuildVersion implements IVersionProvider {

    static final String RESOURCE = "/ai/ringrift/cli/version.properties";

    /** The build's version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the resource is missing. */
    public static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"ringrift " + version()};
    }
}
