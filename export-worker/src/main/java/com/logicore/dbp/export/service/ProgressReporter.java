package com.logicore.dbp.export.service;

import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.jobs.JobRecorder;
import java.time.Duration;

/** Turns "n rows so far" into a JobProgress event at most every interval: percent of the estimate and an ETA. */
final class ProgressReporter {

    private final JobRecorder recorder;
    private final JobRequested job;
    private final long intervalMillis;
    private final long startedAt = System.currentTimeMillis();
    private long estimate;
    private long lastReport = startedAt;

    ProgressReporter(JobRecorder recorder, JobRequested job, Duration interval, long estimate) {
        this.recorder = recorder;
        this.job = job;
        this.intervalMillis = interval.toMillis();
        this.estimate = estimate;
    }

    void estimate(long estimate) {
        this.estimate = estimate;
    }

    void report(long done, String unit) {
        long now = System.currentTimeMillis();
        if (now - lastReport < intervalMillis) {
            return;
        }
        lastReport = now;
        Integer percent = null;
        Long eta = null;
        if (estimate > 0 && done > 0) {
            // Estimates are the planner's; never claim 100 % before the job really finished.
            percent = (int) Math.min(99, done * 100 / estimate);
            long elapsed = now - startedAt;
            eta = Math.max(0, (elapsed * (estimate - done) / done) / 1000);
        }
        recorder.progress(job, percent, done, eta, done + " " + unit + " so far");
    }
}
