package com.logicore.dbp.requests.slack;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Says at start whether the Slack bot is on, so an operator never wonders. */
@ApplicationScoped
public class SlackStartup {

    void onStart(@Observes StartupEvent start, SlackSettings settings) {
        if (!settings.enabled()) {
            Log.info("slack=off: DBP_SLACK_BOT_TOKEN and DBP_SLACK_SIGNING_SECRET are not set; /slack/* answers 404");
            return;
        }
        Log.infof(
                "slack=on approversChannel=%s opsChannel=%s",
                settings.approversChannel().orElse("(none: approval messages are not posted)"),
                settings.opsChannel().orElse("(none: health findings are not posted)"));
    }
}
