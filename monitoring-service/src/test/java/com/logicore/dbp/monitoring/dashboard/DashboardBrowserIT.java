package com.logicore.dbp.monitoring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.monitoring.testsupport.PlatformEvents;
import com.logicore.dbp.monitoring.testsupport.StatsPostgres;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops dashboard in a real headless Chromium (Debian's, installed by deploy/local/install-browser.sh): it loads,
 * a submitted request appears live, and a running job's progress bar moves as progress events arrive.
 */
@QuarkusTest
class DashboardBrowserIT {

    private static WebDriver browser;
    private static Path profile;

    @TestHTTPResource("/dashboard/index.html")
    URL page;

    @BeforeAll
    static void startBrowser() throws Exception {
        Path script = StatsPostgres.script("install-browser.sh");
        Process install =
                new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes());
        boolean installed = install.waitFor(600, TimeUnit.SECONDS) && install.exitValue() == 0;
        if (!installed) {
            System.err.println("DashboardBrowserIT SKIPPED: chromium could not be installed: " + output);
        }
        Assumptions.assumeTrue(
                installed, "SKIPPED: chromium could not be installed by " + script + " (no network?): " + output);
        profile = Files.createTempDirectory(Paths.get(System.getProperty("java.io.tmpdir")), "chromium-");
        var options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--no-first-run",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + profile);
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aSubmittedRequestAppearsLiveAndItsJobsProgressBarMoves() throws Exception {
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // Given ops opened the dashboard
        browser.get(page + "?token=test-ops-token");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));
        assertThat(browser.getTitle()).contains("ops");

        String id = UUID.randomUUID().toString();
        try (var events = new PlatformEvents()) {
            // When a request is submitted, Then it appears in the live event list
            events.createIndexSubmitted(id, "routing");
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#events li[data-request-id='" + id + "'][data-type='request.submitted']")));

            // When its job starts and reports progress, Then the job's progress bar follows
            events.approved(id);
            events.started(id);
            events.progress(id, 10);
            By bar = By.cssSelector("#jobs tr[data-request-id='" + id + "'] progress");
            wait.until(ExpectedConditions.attributeToBe(bar, "value", "10"));
            events.progress(id, 70);
            wait.until(ExpectedConditions.attributeToBe(bar, "value", "70"));
            assertThat(browser.findElement(By.cssSelector("#jobs tr[data-request-id='" + id + "'] .pct"))
                            .getText())
                    .isEqualTo("70 %");

            // what ops saw, for a human look: target/dashboard.png
            Files.write(
                    Paths.get("target", "dashboard.png"),
                    ((org.openqa.selenium.TakesScreenshot) browser)
                            .getScreenshotAs(org.openqa.selenium.OutputType.BYTES));

            // When it succeeds, Then it leaves the running jobs and counts as succeeded
            events.succeeded(id, 1500);
            wait.until(ExpectedConditions.numberOfElementsToBe(
                    By.cssSelector("#jobs tr[data-request-id='" + id + "']"), 0));
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#states tr[data-type='CREATE_INDEX'] td[data-state='SUCCEEDED']")));
        }
    }
}
