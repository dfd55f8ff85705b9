package com.logicore.dbp.runtime.logging;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every HTTP call an id ({@code X-Request-Id}, taken from the caller when well-formed, else new), echoes it in
 * the response and puts it in the log context as {@code rid}, so one call's log lines can be found together.
 */
@ApplicationScoped
public class HttpRequestIdFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "rid";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String incoming = ctx.request().getHeader(HEADER);
            // Never log caller-controlled text that could forge log lines.
            String id = incoming != null && SAFE_ID.matcher(incoming).matches()
                    ? incoming
                    : UUID.randomUUID().toString();
            MDC.put(MDC_KEY, id);
            ctx.response().putHeader(HEADER, id);
            ctx.addEndHandler(done -> MDC.remove(MDC_KEY));
            ctx.next();
        });
    }
}
