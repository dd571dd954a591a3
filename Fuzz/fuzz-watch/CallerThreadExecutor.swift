import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A task executor whose jobs run on the thread that calls `runJobs`: the fuzzer's own thread
/// drives the async stream, with no hop to the cooperative pool and back for every input.
final class CallerThreadExecutor: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
    }

    /// Runs enqueued jobs until `isDone` (a job enqueued from elsewhere is waited for).
    func runJobs(until isDone: () -> Bool) {
        while !isDone() {
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
                sched_yield()
                continue
            }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
