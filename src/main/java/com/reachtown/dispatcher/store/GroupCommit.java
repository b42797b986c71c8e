package com.reachtown.dispatcher.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the short write transactions of concurrent requests in one database transaction,
 * so that a single commit serves them all (group commit). A commit is the dearest part of
 * a write here: H2 writes a new chunk of its file, and PostgreSQL flushes its log.
 * Callers queue their work and wait; one writer thread takes everything queued, runs it
 * in one transaction, commits, and hands each caller its own result. Work that arrives
 * while the writer is idle commits at once, so the batching adds no wait when the service
 * is quiet.
 * <p>
 * Work must only touch the database, because it can run twice. When one piece of a batch
 * fails, the batch is rolled back and each piece runs again in a transaction of its own,
 * so that only the caller whose work failed gets the exception.
 * <p>
 * NOTE: on PostgreSQL, two instances whose batches insert the same keys in opposite order
 * deadlock. PostgreSQL aborts one of them after {@code deadlock_timeout} (1 s by
 * default), and that batch then runs piece by piece, so its callers wait about a second.
 */
@Component
public class GroupCommit implements DisposableBean {

	private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

	/** The maximum number of pieces of work committed together. */
	static final int MAX_BATCH = 256;

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final TransactionTemplate transactions;

	private final BlockingQueue<Work<?>> queue = new LinkedBlockingQueue<>();

	private final DistributionSummary batchSizes;

	private final Thread writer;

	private volatile boolean closed;

	public GroupCommit(TransactionTemplate transactions, MeterRegistry meters) {
		this.transactions = transactions;
		this.batchSizes = DistributionSummary.builder("dispatcher.store.commit.batch")
			.description("Write transactions of requests committed together")
			.register(meters);
		this.writer = new Thread(this::write, "group-commit");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/**
	 * Runs work in a transaction and returns once it has committed. Inside a transaction
	 * already, the work joins that one instead.
	 * @param <T> the result type
	 * @param work database writes and reads; nothing else, as it may run twice
	 * @return the work's result
	 */
	public <T> T execute(Supplier<T> work) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return work.get();
		}
		if (this.closed) {
			return this.transactions.execute((status) -> work.get());
		}
		Work<T> queued = new Work<>(work, MDC.getCopyOfContextMap());
		this.queue.add(queued);
		if (this.closed && this.queue.remove(queued)) {
			// The writer may have stopped before taking it.
			return this.transactions.execute((status) -> work.get());
		}
		return queued.await();
	}

	/**
	 * Runs work in a transaction and returns once it has committed, like
	 * {@link #execute(Supplier)}.
	 * @param work database writes and reads; nothing else, as it may run twice
	 */
	public void executeWithoutResult(Runnable work) {
		execute(() -> {
			work.run();
			return null;
		});
	}

	/**
	 * Returns how many pieces of work wait for the writer.
	 * @return the queue length
	 */
	int queued() {
		return this.queue.size();
	}

	/**
	 * Commits what is queued, then stops the writer. Work that arrives afterwards runs in
	 * a transaction of its own on the caller's thread.
	 * @throws InterruptedException if interrupted while waiting for the writer
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.closed = true;
		this.writer.join(SHUTDOWN_WAIT.toMillis());
		List<Work<?>> left = new ArrayList<>();
		this.queue.drainTo(left);
		runBatch(left);
	}

	/**
	 * Takes batches off the queue until the bean is closed and the queue is empty. The
	 * writer is not interrupted to stop it, because an interrupt during file I/O closes
	 * the database's {@code FileChannel}.
	 */
	private void write() {
		while (!(this.closed && this.queue.isEmpty())) {
			List<Work<?>> batch = new ArrayList<>();
			try {
				Work<?> first = this.queue.poll(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, MAX_BATCH - batch.size());
				runBatch(batch);
			}
			catch (InterruptedException ex) {
				// Nothing interrupts the writer on purpose, and stopping would leave
				// callers
				// waiting.
				LOG.warn("Group commit writer was interrupted; it goes on until the bean is closed");
			}
			catch (Throwable ex) {
				LOG.error("Group commit writer failed on a batch of {}; its callers get the error", batch.size(), ex);
				batch.forEach((work) -> work.fail(ex));
			}
		}
	}

	/**
	 * Runs a batch in one transaction. When a piece of work fails, that piece runs again
	 * alone and the rest run again as one batch, so only its caller gets the error. When
	 * the transaction fails outside the work, at its start or its commit (the database
	 * cannot be reached, say), every caller gets the error at once, without one retry
	 * each.
	 */
	private void runBatch(List<Work<?>> batch) {
		List<Work<?>> pending = batch;
		while (!pending.isEmpty()) {
			this.batchSizes.record(pending.size());
			List<Work<?>> current = pending;
			int[] running = { -1 };
			List<Object> results;
			try {
				results = this.transactions.execute((status) -> {
					List<Object> values = new ArrayList<>(current.size());
					for (int i = 0; i < current.size(); i++) {
						running[0] = i;
						values.add(current.get(i).run());
					}
					running[0] = -1;
					return values;
				});
			}
			catch (Throwable ex) {
				if (running[0] < 0 || current.size() == 1) {
					current.forEach((work) -> work.fail(ex));
					return;
				}
				LOG.debug("Write {} of a batch of {} failed; running it alone and the rest again", running[0] + 1,
						current.size(), ex);
				runAlone(current.get(running[0]));
				pending = new ArrayList<>(current);
				pending.remove(running[0]);
				continue;
			}
			for (int i = 0; i < current.size(); i++) {
				current.get(i).succeed(results.get(i));
			}
			return;
		}
	}

	private void runAlone(Work<?> work) {
		try {
			work.succeed(this.transactions.execute((status) -> work.run()));
		}
		catch (Throwable ex) {
			work.fail(ex);
		}
	}

	/**
	 * One caller's work and the future its caller waits on.
	 */
	private static final class Work<T> {

		private final Supplier<T> work;

		private final Map<String, String> logContext;

		private final CompletableFuture<Object> outcome = new CompletableFuture<>();

		Work(Supplier<T> work, Map<String, String> logContext) {
			this.work = work;
			this.logContext = logContext;
		}

		/** Runs the work with the caller's log context, such as its request id. */
		T run() {
			setLogContext(this.logContext);
			try {
				return this.work.get();
			}
			finally {
				MDC.clear();
			}
		}

		void succeed(Object value) {
			this.outcome.complete(value);
		}

		void fail(Throwable ex) {
			this.outcome.completeExceptionally(ex);
		}

		@SuppressWarnings("unchecked")
		T await() {
			try {
				return (T) this.outcome.join();
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				if (ex.getCause() instanceof Error error) {
					throw error;
				}
				throw ex;
			}
		}

		private static void setLogContext(Map<String, String> context) {
			if (context == null) {
				MDC.clear();
			}
			else {
				MDC.setContextMap(context);
			}
		}

	}

}
