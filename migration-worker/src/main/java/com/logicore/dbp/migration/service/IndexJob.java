package com.logicore.dbp.migration.service;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.request.CreateIndexPayload;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.migration.index.IndexBuilder;
import com.logicore.dbp.migration.index.IndexStatement;
import com.logicore.dbp.migration.schema.MigrationFailed;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** CREATE_INDEX: the platform-written CONCURRENTLY build, as the team's role. */
@ApplicationScoped
public class IndexJob implements JobExecution {

    private final IndexBuilder indexBuilder;
    private final TeamLogins logins;

    public IndexJob(IndexBuilder indexBuilder, TeamLogins logins) {
        this.indexBuilder = indexBuilder;
        this.logins = logins;
    }

    @Override
    public JobOutcome execute(JobRequested job) throws Exception {
        var index = IndexStatement.of(
                job.targetSchema(), EventJson.mapper().convertValue(job.payload(), CreateIndexPayload.class));
        Log.infof(
                "building index requestId=%s team=%s index=%s.%s",
                job.requestId(), job.team(), index.schema(), index.name());
        long started = System.currentTimeMillis();
        try {
            var outcome = indexBuilder.build(logins.forTeam(job.team(), job.targetDatabase(), job.requestId()), index);
            long duration = System.currentTimeMillis() - started;
            var result = EventJson.mapper()
                    .valueToTree(Map.of(
                            "index", index.schema() + "." + outcome.indexName(),
                            "sql", index.sql(),
                            "alreadyExisted", outcome.alreadyExisted(),
                            "sizeBytes", outcome.sizeBytes()));
            String summary = outcome.alreadyExisted()
                    ? "index " + outcome.indexName() + " already existed; nothing built"
                    : "index " + outcome.indexName() + " built in " + duration + " ms";
            return new JobOutcome(summary, EventJson.mapper().valueToTree(result));
        } catch (IndexBuilder.BuildFailed e) {
            throw new MigrationFailed(e.getMessage(), e.retryable(), e);
        }
    }
}
