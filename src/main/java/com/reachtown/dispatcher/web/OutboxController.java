package com.reachtown.dispatcher.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.reachtown.dispatcher.forward.DeadLetterService;
import com.reachtown.dispatcher.store.OutboxEvent;
import com.reachtown.dispatcher.store.OutboxRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox of events for reach-town. {@code GET /v1/outbox} lists the events in one
 * state, page by page in insertion order. {@code POST /v1/outbox/{event_id}/replay} and
 * {@code POST /v1/outbox/replay} move dead letters back to pending.
 */
@RestController
class OutboxController {

	static final int MAX_LIMIT = 500;

	private static final Set<String> STATES = Set.of(OutboxEvent.PENDING, OutboxEvent.DELIVERED, OutboxEvent.DEAD);

	private final OutboxRepository outbox;

	private final DeadLetterService deadLetters;

	private final JsonMapper jsonMapper;

	OutboxController(OutboxRepository outbox, DeadLetterService deadLetters, JsonMapper jsonMapper) {
		this.outbox = outbox;
		this.deadLetters = deadLetters;
		this.jsonMapper = jsonMapper;
	}

	@GetMapping("/v1/outbox")
	OutboxPage list(@RequestParam("state") String state, @RequestParam(name = "after", defaultValue = "0") long after,
			@RequestParam(name = "limit", defaultValue = "100") int limit) {
		String normalizedState = state.strip().toUpperCase(Locale.ROOT);
		if (!STATES.contains(normalizedState)) {
			throw new InvalidFieldException("state", "must be one of PENDING, DELIVERED, DEAD");
		}
		if (after < 0) {
			throw new InvalidFieldException("after", "must be 0 or a seq from an earlier page");
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidFieldException("limit", "must be between 1 and " + MAX_LIMIT);
		}

		List<EventView> events = this.outbox.findByState(normalizedState, after, limit)
			.stream()
			.map(this::view)
			.toList();
		// Only a full page can have a successor, so a shorter page carries no next_after.
		Long nextAfter = (events.size() == limit) ? events.get(events.size() - 1).seq() : null;
		return new OutboxPage(events, nextAfter);
	}

	@PostMapping("/v1/outbox/{event_id}/replay")
	ResponseEntity<ReplayResponse> replay(@PathVariable("event_id") String eventId) {
		int replayed = this.deadLetters.replay(eventId);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReplayResponse(replayed));
	}

	@PostMapping("/v1/outbox/replay")
	ResponseEntity<ReplayResponse> replayAll(@RequestParam(name = "since", required = false) String since) {
		int replayed = this.deadLetters.replayAll((since != null) ? parseSince(since) : null);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReplayResponse(replayed));
	}

	private EventView view(OutboxEvent event) {
		return new EventView(event.id(), event.seq(), event.kind(), event.provider(), event.providerMessageId(),
				event.state(), event.attempts(), event.nextAttemptAt(), event.lastError(), event.createdAt(),
				event.deliveredAt(), this.jsonMapper.readTree(event.payload()));
	}

	private static Instant parseSince(String since) {
		try {
			return Instant.parse(since.strip());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidFieldException("since", "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
		}
	}

	/**
	 * One page of outbox events.
	 *
	 * @param events the events, in insertion order
	 * @param nextAfter the {@code after} value of the next page, or {@code null} on the
	 * last page
	 */
	record OutboxPage(List<EventView> events, Long nextAfter) {
	}

	/**
	 * One outbox event.
	 *
	 * @param id the event id, which reach-town receives as {@code Idempotency-Key}
	 * @param seq the insertion order, used for paging
	 * @param kind {@code incoming} or {@code status}
	 * @param provider the provider name
	 * @param providerMessageId the provider's id of the message the event is about
	 * @param state {@code PENDING}, {@code DELIVERED} or {@code DEAD}
	 * @param attempts forwarding attempts made so far
	 * @param nextAttemptAt when a pending event is due
	 * @param lastError the last failed attempt's error, or {@code null}
	 * @param createdAt when the event was stored
	 * @param deliveredAt when reach-town accepted it, or {@code null}
	 * @param payload the JSON body forwarded to reach-town
	 */
	record EventView(String id, long seq, String kind, String provider, String providerMessageId, String state,
			int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant deliveredAt,
			JsonNode payload) {
	}

	/**
	 * The result of a replay.
	 *
	 * @param replayed how many dead events were moved back to pending
	 */
	record ReplayResponse(int replayed) {
	}

}
