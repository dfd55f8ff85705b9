package com.logicore.dbp.export.service;

import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.jobs.JobFailure;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.jobs.JobRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Runs one approved job: records its start (a finished job replayed is ignored; an interrupted one runs again from
 * its checkpoint), takes the lock of what it changes, executes, and records the outcome with its status event.
 */
@ApplicationScoped
public class JobRunner {

    private static final Duration LOCK_WAIT = Duration.ofMinutes(10);

    private final JobRecorder recorder;
    private final DataExportJob exports;
    private final ArchiveJob archives;
    private final BackupJob backups;
    private final RedissonClient redisson;

    public JobRunner(
            JobRecorder recorder,
            DataExportJob exports,
            ArchiveJob archives,
            BackupJob backups,
            RedissonClient redisson) {
        this.recorder = recorder;
        this.exports = exports;
        this.archives = archives;
        this.backups = backups;
        this.redisson = redisson;
    }

    public void run(JobRequested job) throws Throwable {
        recorder.run(job, () -> execute(job));
    }

    private JobOutcome execute(JobRequested job) throws Exception {
        return switch (job.type()) {
            case DATA_EXPORT -> exports.run(job);
                // One archive per collection and one backup/restore per schema at a time, across instances.
            case ARCHIVE -> locked(
                    "archive-lock:" + job.targetDatabase() + "/"
                            + job.payload().path("collection").asText(),
                    () -> archives.run(job));
            case BACKUP -> locked("schema-lock:" + job.schemaKey(), () -> backups.backup(job));
            case RESTORE -> locked("schema-lock:" + job.schemaKey(), () -> backups.restore(job));
            default -> throw new JobFailure(job.type() + " is not executed by the export worker", false);
        };
    }

    private interface Work {
        JobOutcome run() throws Exception;
    }

    private JobOutcome locked(String key, Work work) throws Exception {
        RLock lock = redisson.getLock(key);
        // No lease time: Redisson's watchdog renews the lease while this thread holds the lock.
        if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new JobFailure("another job holds " + key + " for longer than " + LOCK_WAIT, true);
        }
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }
}
