import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * HTTP load generator for the dispatcher benchmark, run from its own process on JDK 21 or
 * later (virtual threads).
 * <ul>
 * <li>{@code closed}: a fixed number of callers, each sending its next request as soon as
 * the previous one returns. Measures maximum throughput; its latencies include queueing at
 * that concurrency.</li>
 * <li>{@code open}: requests at a constant arrival rate, each on its own virtual thread,
 * whatever the server's speed. Latency is measured from the request's intended send time,
 * not from when it went out, so a stalled server or generator shows up in the percentiles
 * (the coordinated-omission correction).</li>
 * </ul>
 * Both modes are bounded: by duration, by a maximum request count, and by a per-request
 * timeout. Results are printed and appended as one tab-separated row to {@code --out}.
 * <p>
 * Request kinds: {@code ping} ({@code GET /bench/ping}), {@code send} (a send request with
 * a distinct {@code external_id} each time) and {@code twilio-status} (a Twilio status
 * callback with a distinct {@code MessageSid}, signed with the auth token against the
 * public URL).
 */
public final class LoadGen {

	private static final long HIGHEST_TRACKABLE_MICROS = Duration.ofMinutes(2).toNanos() / 1000;

	private final Map<String, String> options;

	private final HttpClient client;

	private final String baseUrl;

	private final String kind;

	private final String runId;

	private final AtomicLong sequence = new AtomicLong();

	private final Duration requestTimeout;

	private final ConcurrentHistogram histogram = new ConcurrentHistogram(HIGHEST_TRACKABLE_MICROS, 3);

	private final LongAdder ok = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

	private final ThreadLocal<Mac> hmacSha1;

	private LoadGen(Map<String, String> options) {
		this.options = options;
		this.baseUrl = required("url");
		this.kind = required("kind");
		this.runId = options.getOrDefault("run-id", Long.toString(System.currentTimeMillis(), 36));
		this.requestTimeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-s", "30")));
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		String authToken = options.getOrDefault("auth-token", "");
		this.hmacSha1 = ThreadLocal.withInitial(() -> hmacSha1(authToken));
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 1 || !(args[0].equals("closed") || args[0].equals("open"))) {
			System.err.println("usage: LoadGen closed|open --url BASE --kind ping|send|twilio-status [--concurrency N]"
					+ " [--rate PER_S] [--duration-s S] [--warmup-s S] [--max-requests N] [--api-key K]"
					+ " [--auth-token T] [--public-url URL] [--label TEXT] [--out FILE]");
			System.exit(2);
		}
		LoadGen generator = new LoadGen(parseOptions(args));
		if (args[0].equals("closed")) {
			generator.runClosed();
		}
		else {
			generator.runOpen();
		}
	}

	private void runClosed() throws InterruptedException, IOException {
		int concurrency = Integer.parseInt(required("concurrency"));
		long warmupNanos = seconds("warmup-s", "0");
		long durationNanos = seconds("duration-s", "10");
		long maxRequests = Long.parseLong(this.options.getOrDefault("max-requests", "10000000"));
		AtomicLong started = new AtomicLong();

		long begin = System.nanoTime();
		long measureFrom = begin + warmupNanos;
		long end = measureFrom + durationNanos;
		AtomicLong lastCompletion = new AtomicLong(measureFrom);
		List<Thread> callers = new ArrayList<>(concurrency);
		for (int i = 0; i < concurrency; i++) {
			callers.add(Thread.ofVirtual().start(() -> {
				while (System.nanoTime() < end && started.incrementAndGet() <= maxRequests) {
					long sentAt = System.nanoTime();
					String outcome = call();
					long doneAt = System.nanoTime();
					// Like wrk, count what completes inside the window, whenever it was sent,
					// so that requests slower than the warm-up still count.
					if (doneAt >= measureFrom && doneAt <= end) {
						record(outcome, doneAt - sentAt);
						lastCompletion.accumulateAndGet(doneAt, Math::max);
					}
				}
			}));
		}
		// Requests still in flight at the end are not counted. Wait briefly, then cancel them.
		joinAll(callers, end, Duration.ofSeconds(10));
		// With --max-requests the callers may stop before the end of the window.
		boolean stoppedEarly = started.get() > maxRequests;
		long windowEnd = stoppedEarly ? lastCompletion.get() : end;
		report("closed c=" + concurrency, (windowEnd - measureFrom) / 1e9);
	}

	private void runOpen() throws InterruptedException, IOException {
		double rate = Double.parseDouble(required("rate"));
		long warmupNanos = seconds("warmup-s", "0");
		long durationNanos = seconds("duration-s", "10");
		int maxOutstanding = Integer.parseInt(this.options.getOrDefault("max-outstanding", "1000"));
		long periodNanos = Math.round(1e9 / rate);
		long warmupCount = warmupNanos / periodNanos;
		long count = warmupCount + durationNanos / periodNanos;
		AtomicInteger outstanding = new AtomicInteger();
		List<Thread> requests = new ArrayList<>((int) Math.min(count, 1_000_000));

		long begin = System.nanoTime() + 10_000_000;
		for (long i = 0; i < count; i++) {
			long intended = begin + i * periodNanos;
			long wait;
			while ((wait = intended - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			boolean measured = i >= warmupCount;
			if (outstanding.get() >= maxOutstanding) {
				// The server has fallen so far behind that more concurrent requests would
				// only measure the generator: count the request as failed instead.
				if (measured) {
					countFailure("not sent: " + maxOutstanding + " outstanding");
				}
				continue;
			}
			outstanding.incrementAndGet();
			requests.add(Thread.ofVirtual().start(() -> {
				try {
					String outcome = call();
					if (measured) {
						record(outcome, System.nanoTime() - intended);
					}
				}
				finally {
					outstanding.decrementAndGet();
				}
			}));
		}
		long sendEnd = begin + count * periodNanos;
		joinAll(requests, sendEnd, this.requestTimeout.plusSeconds(5));
		double seconds = (durationNanos / 1e9);
		report(String.format(Locale.ROOT, "open %.0f/s", rate), seconds);
	}

	/**
	 * Sends one request and returns {@code "ok"} for a 2xx, otherwise a short description
	 * of the failure.
	 */
	private String call() {
		try {
			HttpResponse<Void> response = this.client.send(nextRequest(), HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			return (status / 100 == 2) ? "ok" : "HTTP " + status;
		}
		catch (IOException ex) {
			return ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private HttpRequest nextRequest() {
		long n = this.sequence.incrementAndGet();
		return switch (this.kind) {
			case "ping" -> HttpRequest.newBuilder(URI.create(this.baseUrl + "/bench/ping"))
				.timeout(this.requestTimeout)
				.header("X-API-Key", required("api-key"))
				.GET()
				.build();
			case "send" -> HttpRequest.newBuilder(URI.create(this.baseUrl + "/v1/messages/send"))
				.timeout(this.requestTimeout)
				.header("Content-Type", "application/json")
				.header("X-API-Key", required("api-key"))
				.POST(HttpRequest.BodyPublishers.ofString(sendBody(n)))
				.build();
			case "twilio-status" -> twilioStatus(n);
			default -> throw new IllegalArgumentException("unknown --kind " + this.kind);
		};
	}

	private String sendBody(long n) {
		return "{\"recipient_phone\":\"+5511987654321\",\"message_body\":\"Benchmark message\",\"external_id\":\"bench-"
				+ this.runId + "-" + n + "\"}";
	}

	/**
	 * Builds a status callback shaped like Twilio's {@code delivered} callback for a
	 * WhatsApp message, signed as Twilio signs it: base64 HMAC-SHA1 of the URL followed by
	 * every form parameter's name and value in name order.
	 */
	private HttpRequest twilioStatus(long n) {
		String sid = String.format(Locale.ROOT, "SM%08x%024x", this.runId.hashCode(), n);
		Map<String, String> form = new LinkedHashMap<>();
		form.put("EventType", "DELIVERED");
		form.put("ChannelPrefix", "whatsapp");
		form.put("ApiVersion", "2010-04-01");
		form.put("MessageStatus", "delivered");
		form.put("SmsSid", sid);
		form.put("SmsStatus", "delivered");
		form.put("ChannelInstallSid", "XE0123456789abcdef0123456789abcdef");
		form.put("To", "whatsapp:+5511987654321");
		form.put("From", "whatsapp:+14155238886");
		form.put("MessageSid", sid);
		form.put("StructuredMessage", "false");
		form.put("AccountSid", required("account-sid"));
		form.put("ChannelToAddress", "+551198765XXXX");

		String path = "/v1/webhooks/status";
		StringBuilder signed = new StringBuilder(required("public-url")).append(path);
		new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
		String signature = Base64.getEncoder()
			.encodeToString(this.hmacSha1.get().doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));

		StringBuilder body = new StringBuilder();
		form.forEach((name, value) -> {
			if (!body.isEmpty()) {
				body.append('&');
			}
			body.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
		});
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.requestTimeout)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Twilio-Signature", signature)
			.header("I-Twilio-Idempotency-Token", sid)
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build();
	}

	private void record(String outcome, long nanos) {
		this.histogram.recordValue(Math.min(Math.max(nanos / 1000, 1), HIGHEST_TRACKABLE_MICROS));
		if (outcome.equals("ok")) {
			this.ok.increment();
		}
		else {
			countFailure(outcome);
		}
	}

	/**
	 * Counts a failed request without a latency: used directly for requests never sent,
	 * whose latency is unknown. Percentiles therefore cover sent requests only.
	 */
	private void countFailure(String outcome) {
		this.failed.increment();
		this.failures.computeIfAbsent(outcome, (key) -> new LongAdder()).increment();
	}

	/**
	 * Waits for every thread, at most until {@code grace} after {@code end}, and interrupts
	 * those still running then.
	 */
	private void joinAll(List<Thread> threads, long end, Duration grace) throws InterruptedException {
		long deadline = end + grace.toNanos();
		for (Thread thread : threads) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0 || !thread.join(Duration.ofNanos(remaining))) {
				thread.interrupt();
			}
		}
	}

	private void report(String mode, double seconds) throws IOException {
		Histogram snapshot = this.histogram.copy();
		long okCount = this.ok.sum();
		long total = okCount + this.failed.sum();
		double okPerSecond = (seconds > 0) ? okCount / seconds : 0;
		Map<String, Long> failureCounts = new TreeMap<>();
		this.failures.forEach((name, count) -> failureCounts.put(name, count.sum()));
		String label = this.options.getOrDefault("label", this.kind);
		String notes = failureCounts.isEmpty() ? "" : "failures " + failureCounts;

		String row = String.join("\t", label, mode, String.format(Locale.ROOT, "%.0f", okPerSecond), millis(snapshot, 50),
				millis(snapshot, 99), millis(snapshot, 100), okCount + "/" + total, notes);
		System.out.printf(Locale.ROOT, "%s [%s]: %d/%d ok in %.1f s = %.0f ok/s; p50 %s ms, p99 %s ms, max %s ms %s%n",
				label, mode, okCount, total, seconds, okPerSecond, millis(snapshot, 50), millis(snapshot, 99),
				millis(snapshot, 100), notes);
		String out = this.options.get("out");
		if (out != null) {
			Files.writeString(Path.of(out), row + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
	}

	private static String millis(Histogram histogram, double percentile) {
		if (histogram.getTotalCount() == 0) {
			return "-";
		}
		long micros = (percentile >= 100) ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
		return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
	}

	private long seconds(String name, String defaultValue) {
		return Math.round(Double.parseDouble(this.options.getOrDefault(name, defaultValue)) * 1e9);
	}

	private String required(String name) {
		String value = this.options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("missing option --" + name + " for --kind " + this.kind);
		}
		return value;
	}

	private static Map<String, String> parseOptions(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("expected --name value, got: " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	private static Mac hmacSha1(String key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is not available", ex);
		}
	}

}
