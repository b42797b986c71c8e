package com.reachtown.dispatcher.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Mock provider.
 *
 * @param playback whether each send is followed by {@code sent}, {@code delivered} and
 * {@code read} status events ({@code MOCK_PLAYBACK})
 * @param playbackDelay pause before each played-back status
 */
@ConfigurationProperties("dispatcher.mock")
public record MockProperties(@DefaultValue("true") boolean playback, @DefaultValue("1s") Duration playbackDelay) {
}
