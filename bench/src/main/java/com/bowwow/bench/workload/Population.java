package com.bowwow.bench.workload;

import java.util.Random;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;

/**
 * Synthetic users and where each stands. The first {@link #registered()} were registered
 * through the API and carry the access token user-service issued; the others are known
 * only by ID (the services assume the contract's default settings for users they have no
 * event about) and use tokens signed with the test key the stack trusts.
 */
public final class Population {

	private final UserId[] ids;

	private final double[] latitudes;

	private final double[] longitudes;

	private final String[] tokens;

	private int registered;

	private int positioned;

	private Population(int size) {
		this.ids = new UserId[size];
		this.latitudes = new double[size];
		this.longitudes = new double[size];
		this.tokens = new String[size];
	}

	public static Population inMetro(Metro metro, int size, long seed) {
		Population population = new Population(size);
		Random random = new Random(seed);
		for (int i = 0; i < size; i++) {
			population.ids[i] = UserId.random();
			population.moveTo(i, metro.place(random));
		}
		return population;
	}

	public static Population inTown(Coordinates town, int size, long seed) {
		Population population = new Population(size);
		Random random = new Random(seed);
		for (int i = 0; i < size; i++) {
			population.ids[i] = UserId.random();
			population.moveTo(i, Metro.placeInTown(town, random));
		}
		return population;
	}

	public int size() {
		return this.ids.length;
	}

	public UserId id(int index) {
		return this.ids[index];
	}

	public Coordinates position(int index) {
		return Coordinates.of(this.latitudes[index], this.longitudes[index]);
	}

	public double latitude(int index) {
		return this.latitudes[index];
	}

	public double longitude(int index) {
		return this.longitudes[index];
	}

	public void moveTo(int index, Coordinates to) {
		this.latitudes[index] = to.latitude();
		this.longitudes[index] = to.longitude();
	}

	/**
	 * Records that user {@code index} was registered and is now this user with this
	 * token.
	 */
	void registered(int index, UserId id, String accessToken) {
		this.ids[index] = id;
		this.tokens[index] = accessToken;
	}

	void registeredCount(int count) {
		this.registered = count;
	}

	public int registered() {
		return this.registered;
	}

	/** Users {@code 0 … positioned-1} have reported their position. */
	public int positioned() {
		return this.positioned;
	}

	public void positionedCount(int count) {
		this.positioned = count;
	}

	/**
	 * The user's bearer token: the issued one, or a test-key token minted (and kept) on
	 * first use.
	 */
	public String token(int index) {
		String token = this.tokens[index];
		if (token == null) {
			token = TestTokens.bearer(this.ids[index]);
			this.tokens[index] = token;
		}
		return token;
	}

	/** A token that is not kept (for users touched once, e.g. while positioning). */
	public String transientToken(int index) {
		String token = this.tokens[index];
		return (token != null) ? token : TestTokens.bearer(this.ids[index]);
	}

}
