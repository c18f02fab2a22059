package ai.ringrift.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ringrift} launcher, run by bash in a copy of the repository layout with a
 * stand-in {@code mvn} on the PATH that writes ANSI escape codes as Maven 3.8 does even in batch
 * mode ({@code ESC[0m}): none of them reach the terminal, on success or on a failed build.
 */
class LauncherScriptTest {

    private static final String ESC = "\u001b";

    @TempDir
    Path root;
    Path bin;
    Path helloJar;

    @BeforeEach
    void layout() throws Exception {
        Path script = Path.of("..", "ringrift").toAbsolutePath().normalize();
        assertThat(script).as("the launcher at the repository root").isRegularFile();
        Files.copy(script, root.resolve("ringrift"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(root.resolve("job-examples/src/main"));
        Files.writeString(root.resolve("job-examples/src/main/Source.java"), "// newer than the jar\n");
        bin = Files.createDirectories(root.resolve("fake-bin"));
        helloJar = root.resolve("hello.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherHello.class.getName());
        String entry = LauncherHello.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(helloJar), m);
             InputStream cls = LauncherHello.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            cls.transferTo(jar);
        }
    }

    private void fakeMaven(boolean succeed) throws Exception {
        String body = "#!/usr/bin/env bash\n"
                + "printf '\\033[0m\\033[0m[\\033[1;34mINFO\\033[m] Building ringrift\\n'\n"
                + (succeed ? "mkdir -p job-examples/target && cp '" + helloJar + "' job-examples/target/ringrift.jar\n"
                        + "printf '\\033[0m\\033[0m' >&2\nexit 0\n"
                        : "printf '[\\033[1;31mERROR\\033[m] boom: cannot compile\\n\\033[0m' >&2\nexit 1\n");
        Path mvn = Files.writeString(bin.resolve("mvn"), body);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String[] launch(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("ringrift").toString());
        pb.command().addAll(java.util.List.of(args));
        pb.environment().put("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        pb.redirectOutput(root.resolve("launch.out").toFile()).redirectError(root.resolve("launch.err").toFile());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.flush();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), Files.readString(root.resolve("launch.out"),
                StandardCharsets.UTF_8), Files.readString(root.resolve("launch.err"), StandardCharsets.UTF_8)};
    }

    @Test
    void aSuccessfulBuildPrintsOneLineAndNoEscapeCodes() throws Exception {
        fakeMaven(true);
        String[] r = launch("--version");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).isEqualTo("hello from the jar --version\n");
        assertThat(r[2]).startsWith("ringrift: building ").doesNotContain(ESC).doesNotContain("INFO");
        assertThat(r[2].strip().lines()).hasSize(1);
    }

    @Test
    void aFailedBuildShowsMavensOutputWithoutEscapeCodes() throws Exception {
        fakeMaven(false);
        String[] r = launch("status");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).isEmpty();
        assertThat(r[2]).contains("[ERROR] boom: cannot compile").contains("[INFO] Building ringrift")
                .contains("ringrift: the build failed").doesNotContain(ESC);
    }
}
