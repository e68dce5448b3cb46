package org.photoorganizer.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.photoorganizer.demo.SampleInbox;
import org.photoorganizer.fixtures.ExternalTools;

/**
 * The review page in a real browser (Debian's headless Chromium, driven by its chromedriver) against the
 * real jar in demo mode: the status page, a similar pair restored ("keep both"), a dateless file dated,
 * then the file system and the log checked. Takes a screenshot of each view into
 * {@code -Dphotoorganizer.screenshots=DIR} (default target/screenshots; the README's are in docs/screenshots).
 */
class ReviewBrowserIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    Path temp;

    @Test
    void reviewASimilarPairAndRestoreItInABrowser() throws Exception {
        ExternalTools.require(CHROMIUM, "--version", "chromium");
        ExternalTools.require(CHROMEDRIVER, "--version", "chromium-driver");
        Path jar = Path.of(System.getProperty("photoorganizer.jar", "target/photo-organizer.jar"));
        Path screenshots = Files.createDirectories(Path.of(System.getProperty("photoorganizer.screenshots",
                Path.of(System.getProperty("photoorganizer.basedir", ".")).resolve("target/screenshots").toString())));
        Path inbox = Files.createDirectories(temp.resolve("PhotosToProcess"));
        Path library = Files.createDirectories(temp.resolve("Photos"));
        SampleInbox.write(inbox);
        SampleInbox.writeUndated(library.resolve("NoDateFound"));
        Files.createFile(inbox.resolve("IMG_9999.jpg"));
        Path config = Files.writeString(temp.resolve("config.ini"), """
                [paths]
                source_dir = %s
                destination_root = %s
                [processing]
                settle_seconds = 0.5
                """.formatted(inbox, library));
        Path output = temp.resolve("service.log");
        Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toString(), "--config", config.toString(), "--review-demo", "--review-port", "0")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        WebDriver browser = null;
        try {
            String url = awaitUrl(output);
            Path setAside = library.resolve("Duplicates/20200229_162000.0001.jpg");
            awaitFile(setAside, output);
            awaitFile(library.resolve("2025/01_Jan/20250103_140207.jpg"), output);

            browser = chromium(temp.resolve("chromium-profile"));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(url);
            wait.until(ExpectedConditions.textToBe(By.id("state-pill"), "idle"));
            wait.until(d -> d.findElements(By.cssSelector("#recent li img")).size() >= 4);
            assertThat(browser.findElement(By.id("demo-banner")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("error-count")).getText()).isEqualTo("1");
            waitForImages(browser, wait);
            shoot(browser, screenshots, "status");

            tab(browser, "activity");
            wait.until(d -> d.findElements(By.cssSelector("#activity-rows tr")).size() > 10);
            shoot(browser, screenshots, "activity");

            tab(browser, "errors");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-list"), "empty file"));
            shoot(browser, screenshots, "errors");

            tab(browser, "plots");
            waitForImages(browser, wait);
            shoot(browser, screenshots, "plots");

            tab(browser, "nodate");
            WebElement suggestion = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#nodate-rows .suggestion")));
            waitForImages(browser, wait);
            shoot(browser, screenshots, "nodate");
            suggestion.click();
            browser.findElement(By.id("nodate-apply")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Filed under 1998-05-02 12:00"));
            assertThat(library.resolve("1998/05_May/19980502_120000.png")).exists();
            assertThat(library.resolve("NoDateFound/scan_1998-05-02.png")).doesNotExist();

            tab(browser, "duplicates");
            WebElement verdict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".verdict")));
            assertThat(verdict.getText()).contains("Similar image").contains("more pixels").contains("2000 × 1500")
                    .contains("800 × 600");
            waitForImages(browser, wait);
            shoot(browser, screenshots, "duplicates");
            byte[] bytes = Files.readAllBytes(setAside);
            verdict.findElement(By.cssSelector(".act-restore")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Kept in the library: 1 file(s)."));

            Path restored = library.resolve("2020/02_Feb/20200229_162000_A.jpg");
            assertThat(setAside).doesNotExist();
            assertThat(restored).hasBinaryContent(bytes);
            assertThat(library.resolve("2020/02_Feb/20200229_162000.jpg")).exists();
            List<String> log = Files.readAllLines(library.resolve("photo_organizer_log.csv"));
            assertThat(log.get(log.size() - 1)).contains(",File moved," + restored + ",")
                    .contains("from " + setAside);
            assertThat(Files.readString(library.resolve("system_log.csv")))
                    .contains("Review page: demo kept in the library: 1 of 1 file(s)");
        } finally {
            if (browser != null) {
                browser.quit();
            }
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        // The driver is given, so Selenium Manager is never asked to find (or download) one.
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }

    private static void tab(WebDriver browser, String view) {
        browser.findElement(By.cssSelector("#tabs button[data-view='" + view + "']")).click();
    }

    private static void waitForImages(WebDriver browser, WebDriverWait wait) {
        wait.until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return Array.prototype.every.call(document.images, function (i) { return i.offsetParent === null || i.complete; });"));
    }

    private static void shoot(WebDriver browser, Path dir, String view) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(view + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static String awaitUrl(Path output) throws Exception {
        Pattern url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(output)) {
                Matcher m = url.matcher(Files.readString(output));
                if (m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service never printed the review page's address: " + Files.readString(output));
    }

    static void awaitFile(Path file, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(file).as(Files.readString(output)).exists();
    }
}
