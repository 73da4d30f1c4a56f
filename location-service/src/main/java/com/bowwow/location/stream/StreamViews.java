package com.bowwow.location.stream;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;
import com.bowwow.location.stream.StreamConnection.Subscription;

import org.springframework.stereotype.Component;

/**
 * Who on this instance may care about a move, without scanning every connection: the
 * subscription circles bucketed by fixed tiles of {@value #TILE_DEGREES} degrees (a move
 * is matched against the circles registered on its tile only), and for each user the
 * connections currently showing them (they must hear when the user leaves).
 *
 * <p>
 * It also counts the circles per area (a group of
 * {@value #AREA_TILES}×{@value #AREA_TILES} tiles, one Redis channel each) and tells the
 * {@link AreaWatcher} when this instance starts or stops needing an area's moves; a
 * circle that goes global needs them all.
 */
@Component
class StreamViews {

	static final double TILE_DEGREES = 0.25;

	/** A circle spanning more tiles (polar regions, the antimeridian) goes global. */
	private static final int MAX_TILES = 64;

	private static final long GLOBAL = Long.MIN_VALUE;

	/** Tiles per area side: areas of 1° (the unit of Redis move channels). */
	static final int AREA_TILES = 4;

	private final Map<Long, Integer> areaCircles = new java.util.HashMap<>();

	private volatile AreaWatcher watcher = AreaWatcher.NONE;

	private final Map<Long, Set<StreamConnection>> byTile = new ConcurrentHashMap<>();

	private final Map<StreamConnection, List<Long>> tilesOf = new ConcurrentHashMap<>();

	private final Map<UserId, Set<StreamConnection>> viewers = new ConcurrentHashMap<>();

	/** Registers the connection's circle (or none) in place of its previous one. */
	void placed(StreamConnection connection, Subscription subscription) {
		List<Long> tiles = (subscription == null || subscription.center() == null) ? List.of()
				: tiles(subscription.center(), subscription.radiusMeters());
		List<Long> previous = (tiles.isEmpty()) ? this.tilesOf.remove(connection) : this.tilesOf.put(connection, tiles);
		if (previous != null && previous.equals(tiles)) {
			return;
		}
		countAreas((previous != null) ? previous : List.of(), tiles);
		if (previous != null) {
			for (Long tile : previous) {
				if (!tiles.contains(tile)) {
					this.byTile.computeIfPresent(tile, (key, set) -> {
						set.remove(connection);
						return set.isEmpty() ? null : set;
					});
				}
			}
		}
		for (Long tile : tiles) {
			this.byTile.computeIfAbsent(tile, (key) -> ConcurrentHashMap.newKeySet()).add(connection);
		}
	}

	/** Receives the areas this instance needs (see {@link #watchAreas}). */
	interface AreaWatcher {

		AreaWatcher NONE = new AreaWatcher() {
			@Override
			public void needed(long area) {
			}

			@Override
			public void unneeded(long area) {
			}
		};

		/**
		 * The instance now holds a circle in the area ({@link #ALL_AREAS}: everywhere).
		 */
		void needed(long area);

		void unneeded(long area);

	}

	/** Stands for "every area" (a circle too wide for tiles). */
	static final long ALL_AREAS = GLOBAL;

	/**
	 * Sets who hears of area changes, first telling it the areas already needed.
	 */
	void watchAreas(AreaWatcher watcher) {
		synchronized (this.areaCircles) {
			this.watcher = watcher;
			this.areaCircles.keySet().forEach(watcher::needed);
		}
	}

	/** The area of the tile a point lies in ({@link #ALL_AREAS} is never returned). */
	static long areaOf(Coordinates point) {
		return area(tile(tileRow(point.latitude()), tileColumn(point.longitude())));
	}

	/** Areas as {@code row:column} of 1° squares, for channel names. */
	static String areaName(long area) {
		return (area >> 32) + ":" + (int) area;
	}

	private static long area(long tile) {
		if (tile == GLOBAL) {
			return ALL_AREAS;
		}
		int row = (int) (tile >> 32);
		int column = (int) tile;
		return tile(Math.floorDiv(row, AREA_TILES), Math.floorDiv(column, AREA_TILES));
	}

	private void countAreas(List<Long> previousTiles, List<Long> tiles) {
		Set<Long> before = new HashSet<>();
		previousTiles.forEach((tile) -> before.add(area(tile)));
		Set<Long> after = new HashSet<>();
		tiles.forEach((tile) -> after.add(area(tile)));
		synchronized (this.areaCircles) {
			for (Long area : after) {
				if (!before.contains(area) && this.areaCircles.merge(area, 1, Integer::sum) == 1) {
					this.watcher.needed(area);
				}
			}
			for (Long area : before) {
				if (!after.contains(area)) {
					Integer left = this.areaCircles.computeIfPresent(area,
							(key, count) -> (count > 1) ? count - 1 : null);
					if (left == null) {
						this.watcher.unneeded(area);
					}
				}
			}
		}
	}

	/** Connections whose circle may contain the point (callers check the distance). */
	Set<StreamConnection> circlesNear(Coordinates point) {
		Set<StreamConnection> found = new HashSet<>();
		Set<StreamConnection> here = this.byTile.get(tile(tileRow(point.latitude()), tileColumn(point.longitude())));
		if (here != null) {
			found.addAll(here);
		}
		Set<StreamConnection> global = this.byTile.get(GLOBAL);
		if (global != null) {
			found.addAll(global);
		}
		return found;
	}

	void showing(StreamConnection connection, UserId other) {
		this.viewers.computeIfAbsent(other, (key) -> ConcurrentHashMap.newKeySet()).add(connection);
	}

	void notShowing(StreamConnection connection, UserId other) {
		this.viewers.computeIfPresent(other, (key, set) -> {
			set.remove(connection);
			return set.isEmpty() ? null : set;
		});
	}

	/** The connections currently showing the user (a copy). */
	Set<StreamConnection> viewersOf(UserId other) {
		Set<StreamConnection> found = this.viewers.get(other);
		return (found != null) ? Set.copyOf(found) : Set.of();
	}

	/** Users shown on at least one connection of this instance. */
	Collection<UserId> shownUsers() {
		return List.copyOf(this.viewers.keySet());
	}

	/**
	 * Drops a closed connection from both indexes for good (callers check
	 * {@link StreamConnection#isRetired()} under its monitor before indexing it).
	 */
	void forget(StreamConnection connection) {
		synchronized (connection) {
			connection.retire();
			placed(connection, null);
			connection.shown().keySet().forEach((other) -> notShowing(connection, other));
			connection.shown().clear();
		}
	}

	private static List<Long> tiles(Coordinates center, double radiusMeters) {
		double latitudeSpan = Math.toDegrees(radiusMeters / GreatCircle.EARTH_RADIUS_METERS);
		double south = center.latitude() - latitudeSpan;
		double north = center.latitude() + latitudeSpan;
		double widest = Math.max(Math.abs(south), Math.abs(north));
		if (widest >= 85) {
			return List.of(GLOBAL);
		}
		double longitudeSpan = latitudeSpan / Math.cos(Math.toRadians(widest));
		double west = center.longitude() - longitudeSpan;
		double east = center.longitude() + longitudeSpan;
		if (west < -180 || east > 180) {
			return List.of(GLOBAL);
		}
		int firstRow = tileRow(south);
		int lastRow = tileRow(north);
		int firstColumn = tileColumn(west);
		int lastColumn = tileColumn(east);
		if ((long) (lastRow - firstRow + 1) * (lastColumn - firstColumn + 1) > MAX_TILES) {
			return List.of(GLOBAL);
		}
		List<Long> tiles = new java.util.ArrayList<>();
		for (int row = firstRow; row <= lastRow; row++) {
			for (int column = firstColumn; column <= lastColumn; column++) {
				tiles.add(tile(row, column));
			}
		}
		return List.copyOf(tiles);
	}

	private static int tileRow(double latitude) {
		return (int) Math.floor((latitude + 90) / TILE_DEGREES);
	}

	private static int tileColumn(double longitude) {
		return (int) Math.floor((longitude + 180) / TILE_DEGREES);
	}

	private static long tile(int row, int column) {
		return ((long) row << 32) | (column & 0xffffffffL);
	}

}
