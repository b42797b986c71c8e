import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The dispatcher's two peers for the benchmark, on 127.0.0.1: Twilio's Messages API, which
 * responds to every message create with 201 after a fixed delay, and reach-town's webhook
 * endpoints, which respond at once and count what they accept.
 * <p>
 * Each exchange runs on its own virtual thread, so 1,000 Twilio calls sleeping through
 * their delay hold no platform thread. The reach-town side counts requests, 2xx responses
 * and distinct {@code Idempotency-Key}s among the 2xx, which is how the benchmark finds
 * lost and duplicated events.
 * <p>
 * Control endpoints on the reach-town port: {@code GET /_stub/stats} returns the counters
 * as {@code name=value} lines, {@code POST /_stub/status?code=503} sets the status of
 * every later forward and returns the stub's clock in {@code now_nanos}, and
 * {@code POST /_stub/reset} clears the counters.
 * <p>
 * Usage: {@code java Stub <twilio-port> <reach-town-port> <twilio-delay-ms>}
 */
public final class Stub {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final AtomicInteger forwardStatus = new AtomicInteger(200);

	private static final AtomicLong forwardRequests = new AtomicLong();

	private static final AtomicLong forwardAccepted = new AtomicLong();

	private static final AtomicLong firstAcceptedNanos = new AtomicLong();

	private static final AtomicLong lastAcceptedNanos = new AtomicLong();

	private static final AtomicLong twilioRequests = new AtomicLong();

	private static volatile Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();

	private Stub() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 3) {
			System.err.println("usage: java Stub <twilio-port> <reach-town-port> <twilio-delay-ms>");
			System.exit(2);
		}
		int twilioPort = Integer.parseInt(args[0]);
		int reachTownPort = Integer.parseInt(args[1]);
		long twilioDelayMillis = Long.parseLong(args[2]);

		HttpServer twilio = server(twilioPort);
		twilio.createContext("/", (exchange) -> handleTwilio(exchange, twilioDelayMillis));
		HttpServer reachTown = server(reachTownPort);
		reachTown.createContext("/api/webhooks/messages/", Stub::handleForward);
		reachTown.createContext("/_stub/", Stub::handleControl);

		twilio.start();
		reachTown.start();
		System.out.printf("stub listening: Twilio on 127.0.0.1:%d (delay %d ms), reach-town on 127.0.0.1:%d%n",
				twilioPort, twilioDelayMillis, reachTownPort);
	}

	private static HttpServer server(int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		return server;
	}

	/**
	 * Answers {@code POST /2010-04-01/Accounts/{sid}/Messages.json} like Twilio's API, with
	 * a new message SID each time, after the configured delay.
	 */
	private static void handleTwilio(HttpExchange exchange, long delayMillis) throws IOException {
		try (exchange) {
			drain(exchange.getRequestBody());
			String path = exchange.getRequestURI().getPath();
			if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/Messages.json")) {
				send(exchange, 404, "application/json", "{\"code\":20404,\"message\":\"not found\",\"status\":404}");
				return;
			}
			twilioRequests.incrementAndGet();
			sleep(delayMillis);
			String accountSid = path.split("/")[3];
			send(exchange, 201, "application/json", messageCreated(accountSid, "SM" + randomHex(16)));
		}
	}

	private static void handleForward(HttpExchange exchange) throws IOException {
		try (exchange) {
			drain(exchange.getRequestBody());
			forwardRequests.incrementAndGet();
			int status = forwardStatus.get();
			if (status / 100 == 2) {
				String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
				acceptedKeys.add(String.valueOf(key));
				long now = System.nanoTime();
				firstAcceptedNanos.compareAndSet(0, now);
				lastAcceptedNanos.set(now);
				forwardAccepted.incrementAndGet();
			}
			send(exchange, status, "application/json", (status / 100 == 2) ? "{}" : "{\"error\":\"unavailable\"}");
		}
	}

	private static void handleControl(HttpExchange exchange) throws IOException {
		try (exchange) {
			drain(exchange.getRequestBody());
			String path = exchange.getRequestURI().getPath();
			String query = exchange.getRequestURI().getQuery();
			switch (path) {
				case "/_stub/stats" -> send(exchange, 200, "text/plain", stats());
				case "/_stub/status" -> {
					forwardStatus.set(Integer.parseInt(query.substring(query.indexOf('=') + 1)));
					send(exchange, 200, "text/plain",
							"status=" + forwardStatus.get() + "\n" + "now_nanos=" + System.nanoTime() + "\n");
				}
				case "/_stub/reset" -> {
					acceptedKeys = ConcurrentHashMap.newKeySet();
					forwardRequests.set(0);
					forwardAccepted.set(0);
					firstAcceptedNanos.set(0);
					lastAcceptedNanos.set(0);
					twilioRequests.set(0);
					send(exchange, 200, "text/plain", "reset\n");
				}
				default -> send(exchange, 404, "text/plain", "not found\n");
			}
		}
	}

	private static String stats() {
		long first = firstAcceptedNanos.get();
		long last = lastAcceptedNanos.get();
		return "forward_requests=" + forwardRequests.get() + "\n" + "forward_accepted=" + forwardAccepted.get() + "\n"
				+ "distinct_keys=" + acceptedKeys.size() + "\n" + "first_accepted_nanos=" + first + "\n"
				+ "last_accepted_nanos=" + last + "\n" + "now_nanos=" + System.nanoTime() + "\n" + "twilio_requests="
				+ twilioRequests.get() + "\n";
	}

	private static String messageCreated(String accountSid, String sid) {
		return """
				{"account_sid":"%1$s","api_version":"2010-04-01","body":"bench","date_created":"Thu, 24 Apr 2025 18:12:31 +0000",\
				"date_sent":null,"date_updated":"Thu, 24 Apr 2025 18:12:31 +0000","direction":"outbound-api","error_code":null,\
				"error_message":null,"from":"whatsapp:+14155238886","messaging_service_sid":null,"num_media":"0",\
				"num_segments":"1","price":null,"price_unit":null,"sid":"%2$s","status":"queued",\
				"subresource_uris":{"media":"/2010-04-01/Accounts/%1$s/Messages/%2$s/Media.json"},\
				"to":"whatsapp:+5511987654321","uri":"/2010-04-01/Accounts/%1$s/Messages/%2$s.json"}"""
			.formatted(accountSid, sid);
	}

	private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void drain(InputStream in) throws IOException {
		in.transferTo(OutputStream.nullOutputStream());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String randomHex(int bytes) {
		byte[] buffer = new byte[bytes];
		RANDOM.nextBytes(buffer);
		return HexFormat.of().formatHex(buffer);
	}

}
