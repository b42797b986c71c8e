package com.reachtown.dispatcher.forward;

import java.time.Instant;

import com.reachtown.dispatcher.store.OutboxEvent;
import com.reachtown.dispatcher.store.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Replays dead letters. A replay moves dead outbox events back to pending, due at once
 * with their attempts reset, and wakes the relay so it forwards them without waiting for
 * its next poll. A replayed event keeps its id, so reach-town can still drop it as a
 * duplicate.
 */
@Service
public class DeadLetterService {

	private static final Logger LOG = LoggerFactory.getLogger(DeadLetterService.class);

	private final OutboxRepository outbox;

	private final OutboxRelay relay;

	public DeadLetterService(OutboxRepository outbox, OutboxRelay relay) {
		this.outbox = outbox;
		this.relay = relay;
	}

	/**
	 * Replays one dead event.
	 * @param eventId the event id
	 * @return how many events were replayed: always 1
	 * @throws OutboxEventNotFoundException if no event has that id
	 * @throws OutboxEventNotDeadException if the event is pending or delivered, including
	 * when a concurrent replay moved it first
	 * @throws OutboxEventSupersededException if the event is a status that its message
	 * has since moved past
	 */
	public int replay(String eventId) {
		OutboxEvent event = this.outbox.findById(eventId).orElseThrow(() -> new OutboxEventNotFoundException(eventId));
		if (!OutboxEvent.DEAD.equals(event.state())) {
			throw new OutboxEventNotDeadException(eventId, event.state());
		}
		if (this.outbox.replayDead(eventId, null) == 0) {
			String currentState = this.outbox.findById(eventId).map(OutboxEvent::state).orElse(OutboxEvent.PENDING);
			if (OutboxEvent.DEAD.equals(currentState)) {
				throw new OutboxEventSupersededException(eventId);
			}
			throw new OutboxEventNotDeadException(eventId, currentState);
		}

		LOG.info("Replaying dead event {} ({} for {} {})", eventId, event.kind(), event.provider(),
				event.providerMessageId());
		this.relay.wake();
		return 1;
	}

	/**
	 * Replays every dead event stored at or after a time.
	 * @param since the earliest creation time, or {@code null} for every dead event
	 * @return how many events were replayed
	 */
	public int replayAll(Instant since) {
		int replayed = this.outbox.replayDead(null, since);

		LOG.info("Replaying {} dead event(s) stored since {}", replayed, (since != null) ? since : "any time");
		if (replayed > 0) {
			this.relay.wake();
		}
		return replayed;
	}

}
