package com.reachtown.dispatcher.send;

import java.util.Optional;

import com.reachtown.dispatcher.provider.MessageStatus;
import com.reachtown.dispatcher.store.SendState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MessageDetailsServiceTests {

	@ParameterizedTest
	@CsvSource(nullValues = "none", value = { "SENT, none, queued", "SENT, read, read", "FAILED, none, failed",
			"FAILED_RETRYABLE, none, failed", "IN_FLIGHT, none, none", "IN_FLIGHT, delivered, delivered" })
	void currentStatusPrefersLatestCallback(SendState state, String latest, String expected) {
		Optional<MessageStatus> callback = Optional.ofNullable(latest).map(MessageStatus::fromValue);

		assertThat(MessageDetailsService.currentStatus(state, callback)).isEqualTo(expected);
	}

}
