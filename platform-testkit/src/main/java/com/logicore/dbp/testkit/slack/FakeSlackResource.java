package com.logicore.dbp.testkit.slack;

import com.logicore.dbp.testkit.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the {@link FakeSlackWebApi} for a service's tests and turns the service's Slack bot on against it, with the
 * test signing secret {@link #SIGNING_SECRET} and channels {@link #APPROVERS_CHANNEL} and {@link #OPS_CHANNEL}.
 */
public class FakeSlackResource implements QuarkusTestResourceLifecycleManager {

    public static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String BOT_TOKEN = "xoxb-test-not-a-real-token";
    public static final String APPROVERS_CHANNEL = "C0DBAPPROVALS";
    public static final String OPS_CHANNEL = "C0DBOPS";
    /** Config key under which tests find the fake's base URL. */
    public static final String FAKE_URL_KEY = "dbp-test.slack-fake-url";

    private FakeSlackWebApi fake;

    @Override
    public Map<String, String> start() {
        fake = FakeSlackWebApi.start(FreePorts.next());
        return Map.of(
                "dbp.slack.bot-token",
                BOT_TOKEN,
                "dbp.slack.signing-secret",
                SIGNING_SECRET,
                "dbp.slack.approvers-channel",
                APPROVERS_CHANNEL,
                "dbp.slack.ops-channel",
                OPS_CHANNEL,
                "dbp.slack.api-url",
                fake.methodsUrl(),
                FAKE_URL_KEY,
                fake.baseUrl());
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
            fake = null;
        }
    }
}
