package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.runtime.Guard;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real browser (Debian's chromium driven by Selenium through chromedriver)
 * against {@code ringrift run} as a separate process, under real disk pressure: the disk path is a
 * 64 MB tmpfs read by the production disk source, first nearly empty (level 0, self-play runs),
 * then filled past its limit (CPU and memory read calm, {@link CalmHostDaemonMain}: the shared
 * machine's own load must not set the level). The page
 * must then show level 4 with disk as the reason, the deferred self-play job with its reason and a
 * link to JobRunr's dashboard, the DEFER decision, the health check's outcome and the plots.
 * Screenshots: {@code target/status-page-calm.png}, {@code target/status-page-pressure.png}.
 * Needs root (mount) and {@code /usr/bin/chromium} + {@code /usr/bin/chromedriver}
 * ({@code scripts/ensure-chromium.sh}); without them it skips, which fails under CI.
 */
class StatusPageBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String NODE = "page-node";

    @TempDir
    Path tmp;

    private Path disk;
    private boolean mounted;
    private Process daemon;
    private ChromeDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null) {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (mounted) {
            int rc = new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
            assertThat(rc).as("umount " + disk).isZero();
        }
    }

    @Test
    void showsTheLevelTheDeferredJobAndItsReasonUnderRealDiskPressure() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs /usr/bin/chromium and /usr/bin/chromedriver: run scripts/ensure-chromium.sh");
        disk = Files.createDirectories(tmp.resolve("disk"));
        mountTmpfs(disk);

        CliFixture f = new CliFixture(tmp, "node:\n  id: " + NODE + "\n"
                + "jobs:\n"
                + "  - name: health-check\n"
                + "    class: ai.ringrift.cli.testjobs.ProbeJob\n"
                + "    interval: 2s\n"
                + "    priority: CRITICAL\n"
                + "  - name: selfplay\n"
                + "    class: ai.ringrift.cli.testjobs.ProbeJob\n"
                + "    interval: 3s\n"
                + "    priority: NORMAL\n");
        String yaml = Files.readString(f.config);
        Files.writeString(f.config, yaml.replaceFirst("diskPaths: \\[[^\\]]*\\]", "diskPaths: [" + disk + "]"));
        String base = startDaemon(f);

        browser = chromium();
        browser.get(base + "/");
        // calm: level 0, self-play admitted and run
        awaitPage("level 0 and a self-play run", () -> level() == 0
                && rowWith("decision-table", "selfplay", "ALLOW") != null
                && rowWith("decision-table", "selfplay", "ran, ok") != null);
        screenshot("status-page-calm.png");

        fill(disk, 56);  // 56 of 64 MB: 87 % used against the disk max of 70 %

        awaitPage("level 4 and self-play's deferral", () -> level() == 4
                && rowWith("deferral-table", "ringrift.selfplay", "disk") != null);
        assertThat(text(By.id("why-" + NODE))).contains("disk").contains("level 4");
        WebElement deferral = rowWith("deferral-table", "ringrift.selfplay", "disk");
        String reason = deferral.findElement(By.className("reason")).getText();
        assertThat(reason).contains("disk").contains("%");
        String jobLink = deferral.findElement(By.tagName("a")).getAttribute("href");
        assertThat(jobLink).matches("http://127\\.0\\.0\\.1:\\d+/dashboard/jobs/[0-9a-f-]{36}");
        get(jobLink); // JobRunr's dashboard answers the job's page
        // the disk reading with its source, over its limit, against its warn and max lines
        WebElement diskRow = rowWith("node-" + NODE, "disk", "OVER");
        assertThat(diskRow).as("disk row OVER").isNotNull();
        assertThat(diskRow.getText()).contains("70");

        awaitPage("the DEFER decision in the table", () -> rowWith("decision-table", "selfplay", "DEFER") != null);
        assertThat(rowWith("decision-table", "health-check", "ran, ok")).as("health check run under pressure").isNotNull();
        // the plots: disk used % against its warn and max lines, the level step line, stacked decisions
        // the plots refresh on their own timer: the level can reach them before the minute's DEFER count does
        awaitPage("the history plots at level 4 with the disk over its max and the DEFER counted", () ->
                !browser.findElements(By.cssSelector("#plot-level path.level-line[data-max='4']")).isEmpty()
                && Double.parseDouble(browser.findElement(By.cssSelector("#plot-disk path.max"))
                        .getAttribute("data-max")) > 70.0
                && !browser.findElements(By.cssSelector("#plot-decisions rect.bar-DEFER")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#plot-disk line.max-line"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#plot-disk line.warn-line"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#plot-decisions rect.bar-ALLOW"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#plot-decisions rect.bar-DEFER"))).isNotEmpty();
        screenshot("status-page-pressure.png");

        // the page's history comes from /api/history: this minute already shows the disk over its max
        JsonNode history = Guard.jsonMapper().readTree(get(base + "/api/history?since=10m"));
        JsonNode last = history.get("rows").get(history.get("rows").size() - 1);
        assertThat(last.get("nodeId").asText()).isEqualTo(NODE);
        assertThat(last.get("disk").get("max").asDouble()).isGreaterThan(70.0);
        assertThat(last.get("levelMax").asInt()).isEqualTo(4);
    }

    private void mountTmpfs(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        Assumptions.assumeTrue(rc == 0, "cannot mount a tmpfs (needs root): " + out.trim());
        mounted = true;
    }

    /** Writes {@code mb} MB to a file on {@code dir}. */
    private static void fill(Path dir, int mb) throws IOException {
        byte[] block = new byte[1 << 20];
        java.util.Arrays.fill(block, (byte) 7);
        try (OutputStream out = Files.newOutputStream(dir.resolve("fill.bin"))) {
            for (int i = 0; i < mb; i++) {
                out.write(block);
            }
        }
    }

    private String startDaemon(CliFixture f) throws Exception {
        Path stdout = tmp.resolve("daemon.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        daemon = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                CalmHostDaemonMain.class.getName(), disk.toString(), "run", "--config", f.config.toString()))
                .directory(tmp.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(tmp.resolve("daemon.err").toFile())
                .start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !daemon.isAlive() || Files.readString(stdout).contains("running;"));
        String out = Files.readString(stdout);
        assertThat(daemon.isAlive()).as("daemon running; stdout:\n%s\nstderr:\n%s", out,
                Files.readString(tmp.resolve("daemon.err"))).isTrue();
        Matcher m = Pattern.compile("metrics\\s+(http://\\S+)/metrics").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--window-size=1400,2400");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Waits for {@code condition} on the page; on a timeout keeps a screenshot and says what the page showed. */
    private void awaitPage(String what, java.util.concurrent.Callable<Boolean> condition) throws IOException {
        try {
            await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            screenshot("status-page-failure.png");
            throw new AssertionError(what + " not shown within 60 s; the page showed:\n"
                    + browser.findElement(By.tagName("body")).getText() + "\n--- daemon stderr ---\n"
                    + Files.readString(tmp.resolve("daemon.err")), e);
        }
    }

    private int level() {
        return Integer.parseInt(browser.findElement(By.id("level-" + NODE)).getAttribute("data-level"));
    }

    private String text(By by) {
        return browser.findElement(by).getText();
    }

    /** The first table row under the element {@code id} whose text contains every one of {@code texts}, or null. */
    private WebElement rowWith(String id, String... texts) {
        for (WebElement tr : browser.findElement(By.id(id)).findElements(By.cssSelector("tbody tr"))) {
            String t = tr.getText();
            boolean all = true;
            for (String s : texts) {
                all &= t.contains(s);
            }
            if (all) {
                return tr;
            }
        }
        return null;
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Files.createDirectories(Path.of("target"));
        Files.copy(shot.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
