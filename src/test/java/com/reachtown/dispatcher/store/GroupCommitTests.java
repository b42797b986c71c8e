package com.reachtown.dispatcher.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link GroupCommit} on an H2 database: callers that queue while a batch runs commit
 * together, a failing piece of work fails only its own caller, a database that cannot be
 * reached fails a whole batch at once, and work runs with its caller's log context.
 */
class GroupCommitTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ExecutorService callers = Executors.newFixedThreadPool(16);

	private JdbcClient jdbc;

	private TransactionTemplate transactions;

	private GroupCommit commits;

	private final SwitchableDataSource dataSource = new SwitchableDataSource(new SimpleDriverDataSource(
			new org.h2.Driver(), "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));

	@BeforeEach
	void createTable() {
		DataSource dataSource = this.dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		this.jdbc.sql("create table items (id int primary key, request_id varchar(64))").update();
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.commits = new GroupCommit(this.transactions, this.meters);
	}

	@AfterEach
	void stopCallers() throws InterruptedException {
		this.dataSource.down = false;
		this.callers.shutdownNow();
		this.commits.destroy();
		this.jdbc.sql("shutdown").update();
	}

	@Test
	void queuedCallersShareNextCommit() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Future<Integer> first = startBlockingBatch(release);
		List<Future<Integer>> queued = queueInserts(1, 10);
		release.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
		for (int i = 0; i < queued.size(); i++) {
			assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
		}
		assertThat(count()).isEqualTo(10);
		assertThat(batches().count()).isEqualTo(2);
		assertThat(batches().max()).isEqualTo(10);
	}

	@Test
	void failingWorkFailsOnlyItsCaller() throws Exception {
		insert(5);
		CountDownLatch release = new CountDownLatch(1);
		Future<Integer> first = startBlockingBatch(release);
		List<Future<Integer>> queued = queueInserts(1, 10);
		release.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
		for (int i = 0; i < queued.size(); i++) {
			int id = i + 1;
			if (id == 5) {
				Future<Integer> duplicate = queued.get(i);
				assertThatExceptionOfType(Exception.class).isThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(DataIntegrityViolationException.class);
			}
			else {
				assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(id);
			}
		}
		assertThat(count()).isEqualTo(10);
	}

	@Test
	void outageFailsBatchAtOnce() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Future<Integer> first = startBlockingBatch(release);
		List<Future<Integer>> queued = queueInserts(1, 10);
		this.dataSource.down = true;
		release.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
		for (Future<Integer> caller : queued) {
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> caller.get(10, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(CannotCreateTransactionException.class);
		}
		// One attempt for the whole batch, not one for each caller.
		assertThat(this.dataSource.attemptsWhileDown.get()).isEqualTo(1);
	}

	@Test
	void workInsideATransactionJoinsIt() {
		this.transactions.executeWithoutResult((status) -> {
			this.commits.executeWithoutResult(() -> insert(1));
			status.setRollbackOnly();
		});

		assertThat(count()).isZero();
		assertThat(batches().count()).isZero();
	}

	@Test
	void workKeepsCallerRequestId() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Future<Integer> first = startBlockingBatch(release);
		List<Future<String>> queued = new ArrayList<>();
		for (int id = 1; id <= 3; id++) {
			int item = id;
			queued.add(this.callers.submit(() -> {
				MDC.put("request_id", "request-" + item);
				this.commits.executeWithoutResult(() -> this.jdbc.sql("insert into items values (?, ?)")
					.params(item, MDC.get("request_id"))
					.update());
				return MDC.get("request_id");
			}));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.commits.queued() == 3);
		release.countDown();
		first.get(10, TimeUnit.SECONDS);
		for (int i = 0; i < queued.size(); i++) {
			assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("request-" + (i + 1));
		}

		assertThat(this.jdbc.sql("select request_id from items order by id").query(String.class).list())
			.containsExactly("request-1", "request-2", "request-3");
	}

	/**
	 * Starts a batch whose work waits for the latch, so that later callers queue behind
	 * it.
	 */
	private Future<Integer> startBlockingBatch(CountDownLatch release) {
		Future<Integer> first = this.callers.submit(() -> this.commits.execute(() -> {
			awaitQuietly(release);
			return 0;
		}));
		await().atMost(Duration.ofSeconds(10)).until(() -> batches().count() == 1);
		return first;
	}

	private List<Future<Integer>> queueInserts(int from, int to) {
		List<Future<Integer>> futures = new ArrayList<>();
		for (int id = from; id <= to; id++) {
			int item = id;
			futures.add(this.callers.submit(() -> this.commits.execute(() -> {
				insert(item);
				return item;
			})));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.commits.queued() == futures.size());
		return futures;
	}

	/**
	 * A data source that fails every connection request while {@code down} is set, as a
	 * pool does when its database cannot be reached.
	 */
	private static final class SwitchableDataSource extends DelegatingDataSource {

		private final AtomicInteger attemptsWhileDown = new AtomicInteger();

		private volatile boolean down;

		SwitchableDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.down) {
				this.attemptsWhileDown.incrementAndGet();
				throw new SQLTransientConnectionException("connection is not available: the database is down");
			}
			return super.getConnection();
		}

	}

	private void insert(int id) {
		this.jdbc.sql("insert into items (id) values (?)").param(id).update();
	}

	private long count() {
		return this.jdbc.sql("select count(*) from items").query(Long.class).single();
	}

	private DistributionSummary batches() {
		return this.meters.get("dispatcher.store.commit.batch").summary();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
