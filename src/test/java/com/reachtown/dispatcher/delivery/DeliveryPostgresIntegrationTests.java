package com.reachtown.dispatcher.delivery;

import com.reachtown.dispatcher.support.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The durable paths on a PostgreSQL database of their own, dropped after the class.
 */
class DeliveryPostgresIntegrationTests extends AbstractDeliveryIntegrationTests {

	private static PostgresDatabase database;

	private static ConfigurableApplicationContext context;

	@Autowired
	void rememberContext(ConfigurableApplicationContext applicationContext) {
		context = applicationContext;
	}

	@BeforeAll
	static void createDatabase() {
		database = PostgresDatabase.create();
	}

	@AfterAll
	static void dropDatabase() {
		if (context != null) {
			// Close the pool before the database goes, so no connection is cut mid-query.
			context.close();
		}
		if (database != null) {
			database.close();
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registerCommonProperties(registry);
		registry.add("spring.datasource.url", () -> database.jdbcUrl());
		registry.add("spring.datasource.username", () -> database.user());
		registry.add("spring.datasource.password", () -> "");
	}

}
