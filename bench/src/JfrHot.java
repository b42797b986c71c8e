import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes the {@code jdk.ExecutionSample} events of a JFR recording: the methods on top
 * of the sampled stacks (self time), the share of samples whose stack passes through each
 * library or area (inclusive time), and the dispatcher's own methods by inclusive time.
 * JFR truncates stacks at 64 frames by default, so the inclusive shares of deep callers
 * are lower bounds. It also sums the time threads spent blocked ({@code jdk.ThreadPark} and
 * {@code jdk.JavaMonitorEnter}, recorded above a threshold of 10 ms with JFR's
 * {@code profile} settings) by the first frame outside the JDK, which shows lock and pool
 * waits that execution samples miss.
 * <p>
 * Usage: {@code java JfrHot <recording.jfr> [top-n]}
 */
public final class JfrHot {

	/** Areas counted by inclusive time: a label and the frame prefixes that belong to it. */
	private static final List<Map.Entry<String, List<String>>> AREAS = List.of(
			Map.entry("H2 database", List.of("org.h2.")),
			Map.entry("PostgreSQL JDBC driver", List.of("org.postgresql.")),
			Map.entry("HikariCP pool", List.of("com.zaxxer.hikari.")),
			Map.entry("logging (Logback, SLF4J)", List.of("ch.qos.logback.", "org.slf4j.")),
			Map.entry("Jackson", List.of("tools.jackson.", "com.fasterxml.jackson.")),
			Map.entry("bean validation (Hibernate Validator)", List.of("org.hibernate.validator.")),
			Map.entry("libphonenumber", List.of("com.google.i18n.phonenumbers.")),
			Map.entry("Tomcat", List.of("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
			Map.entry("Spring MVC", List.of("org.springframework.web.")),
			Map.entry("Spring transactions and JDBC", List.of("org.springframework.transaction.", "org.springframework.jdbc.")),
			Map.entry("Micrometer observation", List.of("io.micrometer.")),
			Map.entry("Twilio SDK and Apache HttpClient", List.of("com.twilio.", "org.apache.hc.")),
			Map.entry("JDK crypto (SHA-256, HMAC)", List.of("sun.security.", "javax.crypto.", "com.sun.crypto.")),
			Map.entry("dispatcher code (com.reachtown)", List.of("com.reachtown.")));

	private JfrHot() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 1) {
			System.err.println("usage: java JfrHot <recording.jfr> [top-n]");
			System.exit(2);
		}
		int top = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		Map<String, Integer> self = new HashMap<>();
		Map<String, Integer> areas = new HashMap<>();
		Map<String, Integer> ownMethods = new HashMap<>();
		Map<String, Double> blockedMillis = new HashMap<>();
		Map<String, Integer> blockedCounts = new HashMap<>();
		int samples = 0;

		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			String type = event.getEventType().getName();
			if (type.equals("jdk.ThreadPark") || type.equals("jdk.JavaMonitorEnter")) {
				String site = firstFrameOutsideJdk(event.getStackTrace());
				blockedMillis.merge(site, event.getDuration().toNanos() / 1e6, Double::sum);
				blockedCounts.merge(site, 1, Integer::sum);
				continue;
			}
			if (!type.equals("jdk.ExecutionSample")) {
				continue;
			}
			RecordedStackTrace stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			samples++;
			self.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
			Set<String> seenAreas = new HashSet<>();
			Set<String> seenMethods = new HashSet<>();
			for (RecordedFrame frame : stack.getFrames()) {
				String method = name(frame);
				for (Map.Entry<String, List<String>> area : AREAS) {
					if (area.getValue().stream().anyMatch(method::startsWith)) {
						seenAreas.add(area.getKey());
					}
				}
				if (method.startsWith("com.reachtown.")) {
					seenMethods.add(method);
				}
			}
			seenAreas.forEach((area) -> areas.merge(area, 1, Integer::sum));
			seenMethods.forEach((method) -> ownMethods.merge(method, 1, Integer::sum));
		}

		System.out.printf(Locale.ROOT, "%d execution samples in %s%n", samples, args[0]);
		print("Top methods by self samples", self, samples, top);
		print("Areas by inclusive samples (a sample counts once per area on its stack)", areas, samples, AREAS.size());
		print("Dispatcher methods by inclusive samples", ownMethods, samples, top);

		System.out.println();
		System.out.println("Blocked time by first frame outside the JDK (idle pool threads included):");
		blockedMillis.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(12)
			.forEach((entry) -> System.out.printf(Locale.ROOT, "  %9.1f s  %6d waits  %s%n", entry.getValue() / 1000,
					blockedCounts.get(entry.getKey()), entry.getKey()));
	}

	private static String firstFrameOutsideJdk(RecordedStackTrace stack) {
		if (stack == null) {
			return "(no stack)";
		}
		for (RecordedFrame frame : stack.getFrames()) {
			String method = name(frame);
			if (!(method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun."))) {
				return method;
			}
		}
		return "(JDK only)";
	}

	private static void print(String title, Map<String, Integer> counts, int total, int limit) {
		System.out.println();
		System.out.println(title + ":");
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(limit)
			.forEach((entry) -> System.out.printf(Locale.ROOT, "  %5.1f %%  %6d  %s%n",
					100.0 * entry.getValue() / Math.max(total, 1), entry.getValue(), entry.getKey()));
	}

	private static String name(RecordedFrame frame) {
		RecordedMethod method = frame.getMethod();
		return method.getType().getName() + "." + method.getName();
	}

}
