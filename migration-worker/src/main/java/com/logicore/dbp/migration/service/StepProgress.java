package com.logicore.dbp.migration.service;

import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.jobs.JobRecorder;
import jakarta.enterprise.context.ApplicationScoped;

/** Reports a job's progress as steps done of all (statements, migrations, undo scripts): ops see how far it has come. */
@ApplicationScoped
public class StepProgress {

    private final JobRecorder recorder;

    public StepProgress(JobRecorder recorder) {
        this.recorder = recorder;
    }

    /** A JobProgress event with the percent of steps done; it never fails the job. */
    public void report(JobRequested job, int done, int total, String detail) {
        Integer percent = total > 0 ? Math.min(100, done * 100 / total) : null;
        recorder.progress(job, percent, null, null, detail);
    }
}
