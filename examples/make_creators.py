#!/usr/bin/env python3
"""Write examples/creators.jsonl: a deterministic sample of creators for brandfit's examples and tests.

Standard library only, fixed seed: running it twice writes the same file byte for byte.

    python3 examples/make_creators.py            # writes examples/creators.jsonl next to this script
    python3 examples/make_creators.py -o FILE    # somewhere else

Numbers follow the seed articles: engagement rate by followers about 9.75% under 1k followers, 4.5%
for 1k-10k, 2.4% for 10k-100k, 1.75% from 100k and 1.6% for the largest accounts (Contevo,
Markerly), with per-creator and per-post noise; TikTok and YouTube engagement is drawn per view
(TikTok 4-12% of views). A few creators are deliberately implausible (bought likes, engagement
pods, bought followers) and a few have missing data: missing metrics are left out or null, never 0.

Each creator is built from one or more personas: hand-written caption templates with slots
({km}, {fruit}, ...) filled at random. The personas for the two example brands use the words their
rule files look for (rules/eco-running.toml, rules/family-snacks.toml), and the controversial ones
use the default controversy terms (core/rules/rulesets/default.toml), so rankings visibly make sense.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20261130
START = datetime(2026, 8, 1, tzinfo=timezone.utc)
END = datetime(2026, 11, 30, 22, 0, tzinfo=timezone.utc)

# Engagement rate by followers per tier: the seed articles' figures (Contevo, Markerly), the anchors of the default Instagram curve.
BENCHMARK = {"below_nano": 0.0975, "nano": 0.045, "micro": 0.024, "mid": 0.0175, "macro": 0.0175, "mega": 0.016}
TIER_FLOORS = (("mega", 1_000_000), ("macro", 500_000), ("mid", 100_000), ("micro", 10_000), ("nano", 1_000))


def tier_of(followers: int) -> str:
    for name, floor in TIER_FLOORS:
        if followers >= floor:
            return name
    return "below_nano"


# ---------------------------------------------------------------------------------------------
# Slots shared by all personas (a persona may override any of them).
SLOTS = {
    "km": ["6", "8", "10", "12", "14", "16", "18", "21", "24", "28", "32"],
    "n": ["2", "3", "4", "5", "6", "7", "8", "9"],
    "friend": ["coach.amy", "trailbuddy.raf", "runwithnina", "miles.with.moe", "ellie.outdoors", "jonty.runs"],
    "trail": ["Skyline", "Red Fox", "Old Quarry", "Pine Ridge", "Cedar Creek", "Lost Lake", "Heron Valley"],
    "valley": ["the valley", "the reservoir", "Hope Valley", "the old mill", "the estuary", "the lakes"],
    "race": ["Pine Ridge 50k", "Coastal Trail Half", "Three Peaks Fell Race", "Lakeside 30k", "Highland Ultra"],
    "time": ["4:12", "2:05", "5:48", "1:49", "3:31", "6:20"],
    "city": ["Lisbon", "Kyoto", "Cape Town", "Edinburgh", "Oaxaca", "Tallinn", "Hoi An", "Vancouver", "Porto"],
    "fruit": ["apple slices", "grapes", "strawberries", "blueberries", "pear slices", "mandarin segments", "kiwi"],
    "veg": ["cucumber", "carrot sticks", "snap peas", "cherry tomatoes", "pepper strips", "edamame"],
    "bake": ["banana oat muffins", "wholegrain crackers", "apple cinnamon bars", "pumpkin muffins", "carrot cake bites",
             "oat and raisin cookies", "cheesy veggie scones"],
    "kid": ["my daughter", "my son", "the twins", "our eldest", "the little one", "my youngest"],
    "age": ["3", "4", "5", "6", "7", "8"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "game": ["Elden Ring", "Minecraft", "Valorant", "Hades II", "Stardew Valley", "Apex Legends", "Baldur's Gate 3"],
    "gadget": ["Pixel 10", "Galaxy S26", "iPhone 18", "Framework laptop", "Steam Deck OLED", "Kindle Colorsoft"],
    "team": ["Chiefs", "Lakers", "Arsenal", "Yankees", "Celtics", "Eagles", "Man City", "Cowboys"],
    "coin": ["$MOONR", "$PEPEX", "$ROCKT", "$GAINZ", "$LAMBO", "$SOLX"],
    "pct": ["300", "450", "800", "1200", "2000"],
    "dish": ["birria tacos", "ramen", "smash burgers", "dumplings", "pho", "wood-fired pizza", "jerk chicken"],
    "book": ["The Overstory", "Piranesi", "Tomorrow, and Tomorrow, and Tomorrow", "Project Hail Mary", "Circe"],
    "plant": ["tomatoes", "runner beans", "courgettes", "dahlias", "garlic", "kale"],
    "pet": ["Biscuit", "Waffles", "Noodle", "Pretzel"],
    "color": ["rust", "sage", "cream", "navy", "olive", "camel"],
}

# ---------------------------------------------------------------------------------------------
# Personas: caption templates (one post each). `tags` are extra hashtags appended at random.
PERSONAS: dict[str, dict] = {
    # ----- aligned with Stride Eco Running ---------------------------------------------------
    "trail": {
        "tags": ["trailrunning", "getoutside", "runhappy", "trailrunner", "outdoors"],
        "captions": [
            "Sunrise loop on the {trail} trail, {km} km of mud and happy legs. Shoes are made from recycled bottles and still gripping. #trailrunning",
            "Trail running reminder: pack out what you pack in. Picked up two bags of litter on the descent today. #leavenotrace #plogging",
            "Hill repeats in the forest this morning. Nothing fancy, just breathing hard and listening to the birds. #getoutside",
            "Had my old trail shoes resoled instead of buying new. Repair beats replace, and the planet agrees. #sustainablerunning",
            "{km} km along the ridge above {valley}. Cold hands, clear head, zero regrets. Outdoors is my therapy. #mountainrunning",
            "Fuelling long runs with homemade oat bars in beeswax wraps, no plastic wrappers on the trail. #zerowaste #trailrunner",
            "Race recap: finished the {race} in {time}. Volunteers used compostable cups at every aid station, love to see it. #ultrarunning",
            "Autumn kit check: recycled shell jacket, secondhand merino base layer and a headtorch I have repaired twice. #sustainablegear",
            "Muddy shoes, muddy dog, muddy grin. Saturday long run through the woods with @{friend}. #trailrun",
            "Keeping my running carbon footprint low this season: local trails only, train to the start line, car share to races.",
            "Morning fog over {valley}, {km} km at an easy pace. Some runs are for training, some are just for the view. #nature",
            "Trail shoes from a club swap meet. Second hand gear keeps running affordable and keeps stuff out of landfill. #secondhand",
            "Tempo intervals on the canal path, then a slow jog home. Legs said no, watch said personal best. #running",
            "Night run on the {trail} trail with headtorches and owls. Fresh air and a quiet forest fix everything. #trailrunning",
        ],
    },
    "eco_city": {
        "tags": ["runcommute", "sustainability", "cityrunning", "runnersofinstagram", "ecofriendly"],
        "captions": [
            "Run commute number {n} this month: {km} km to the office, no car, no bus, just legs. Cheaper and kinder to the planet. #runcommute",
            "Plogging Sunday! Our running club collected {n} bags of litter along the river in 45 minutes. #plogging #cleanup",
            "Retired running shoes go to the recycling scheme at my local store, not the bin. Do yours? #recycled #sustainability",
            "Easy 8 km around the park at lunch, then back to emails. Running keeps me sane in the city. #citydweller",
            "My race kit is mostly recycled plastic bottles now. Feels good knowing my singlet had a past life. #ecofriendly #runner",
            "Track session: 6 x 800m intervals, then hot chocolate in my reusable cup. Tired and happy. #trackday",
            "Parkrun this morning with my neighbour, first time under 25 minutes! Low impact, high fun. #parkrun",
            "Marathon training week {n}: {km} km long run, lots of stretching, zero new gear bought. #marathontraining",
            "Reusable bottle, refillable gel flasks, no excuses. Zero waste marathon training is easier than you think. #zerowaste",
            "Rainy run along the harbour. Nobody else out, so the whole city was mine for an hour. #runhappy",
            "Organised a shoe swap at the club: forty pairs found new feet instead of landfill. Circular running at its best. #circular",
            "Lunchtime 10k through three city parks. Green spaces make urban running so much better. #urbanrunner",
            "Tip for new runners: you do not need new gear, you need a pair of shoes and a plan. Start with 5k. #running",
        ],
    },
    "ultra": {
        "tags": ["ultrarunning", "mountainlife", "trailrunning", "ultramarathon", "sustainablerunning"],
        "captions": [
            "{km} km and 2400 m of climbing, one very long day on the mountain. Ultramarathon number {n} done. #ultrarunning",
            "Back-to-back long runs this weekend. Fuel: bananas, homemade rice cakes, zero single use wrappers. #trailrunning",
            "Racing sustainably: cupless races, train travel and my own bottle. Small things add up on the trails. #sustainability",
            "Summit sunrise after a 3am start. The mountains do not care about your splits, and that is the point. #mountainlife",
            "Repaired my race vest for the third time. It has 4000 km in it and I am not letting it go. #repairnotreplace",
            "Training block update: {km} km of hill repeats this week, mostly vert, legs cooked. Outdoors all day. #ultratraining",
            "Thank you @{friend} for crewing: you fed me, told me to keep running and drove us home in an electric car.",
            "Camping at the trailhead before the race. Stars, stove, silence. This is why I run. #outdoors #camping",
            "The best run leaves the trail cleaner than you found it. Picked up litter on every climb today. #leavenotrace",
            "Low carbon race calendar for next year: every start line reachable by train. Who is joining me? #sustainablerunning",
            "Finished the {race} in {time}. Hardest ridge of my life, kindest volunteers, zero plastic cups. #ultramarathon",
            "Recovery day: gentle hike, foam roller, big bowl of lentils. Rest is part of ultra training. #recovery",
        ],
    },
    "zero_waste": {
        "tags": ["zerowaste", "sustainableliving", "plasticfree", "slowliving", "secondhandfirst"],
        "captions": [
            "Zero waste pantry restock at the refill shop, then a 5 km jog home with the jars in my backpack. #zerowaste",
            "My plastic free running kit: bamboo socks, recycled shorts, a vintage cap. Sustainable style on the move. #plasticfree",
            "Composting update: the balcony bin made its first batch! Celebrated with an easy run by the river. #compost",
            "Thrifted running jacket, perfect condition, fraction of the price. Secondhand first, always. #secondhand #runner",
            "Low impact living does not mean low energy. 10 km tempo run this morning, porridge after. #sustainableliving",
            "The most sustainable gear is the gear you already own. Wear it out, repair it, then recycle it. #sustainability",
            "Beach cleanup plus a barefoot run on the sand. Collected mostly bottle caps and fishing line. #cleanup #oceanlove",
            "Fitness without a gym membership: hills, stairs and a park bench. Outdoor workout done before breakfast. #outdoorfitness",
            "Carbon footprint check: cycled to the race, ate plant based all week and still ran a personal best. #ecofriendly",
            "Upcycled an old tee into a running headband. Free, reusable and it actually stays put. #upcycled",
            "Swapped paper towels for cloths, cling film for wax wraps, and car trips for running errands. Small swaps, big impact.",
            "Litter pick run around the lake today: {n} bags, one shopping trolley, zero regrets. #plogging #sustainability",
        ],
    },
    "eco_brand": {  # fans who already tag the brand
        "tags": ["strideeco"],
        "captions": [
            "First {km} km in my @stride.eco shoes: soles from recycled rubber, uppers from ocean plastic, and they feel fast. #strideeco",
            "Shoutout to @stride.eco for the shoe take-back scheme. My old pair is getting recycled into new soles. #sustainability",
            "Long run in the Stride trail shoes, still grippy after 600 km. Not sponsored, just impressed. #strideeco #trailrunning",
        ],
    },
    # ----- aligned with Crunchy Crew Snacks --------------------------------------------------
    "lunchbox": {
        "tags": ["lunchboxideas", "schoollunch", "momlife", "kidsfood", "bentobox"],
        "captions": [
            "{day} lunchbox: wholegrain wrap pinwheels, {veg}, {fruit} and a little hummus. The kids ate everything! #lunchboxideas",
            "Back to school prep: five lunch boxes packed in 20 minutes. Chop the veggies on Sunday, thank me later. #backtoschool",
            "Bento for my picky eater: cheese cubes, crackers, {fruit} and a tiny homemade muffin. #bentobox #kidsfood",
            "School lunch idea: leftover pasta salad, {veg} and a yogurt pot. Easy, colourful and no waste. #schoollunch",
            "{kid} helped pack their own lunchbox today. It has four {fruit} and a whole block of cheese. Parenting! #toddlerlife",
            "After school snack plate: popcorn, {veg}, peanut butter dip. Ten minutes of quiet, pure bliss. #afterschoolsnack",
            "Packed lunch on a budget: under two dollars per kid and still colourful. Recipe in the comments. #familybudget",
            "Friday treat lunchbox: homemade {bake} with a hidden veggie. Shh, do not tell the kids. #healthysnacks",
            "Nut free school? Three swaps my kids love: sunflower butter, roasted chickpeas and oat bites. #nutfree #lunchbox",
            "Lunchbox fail of the week: the banana went brown. The kids did not care. Moms, we overthink it. #momlife",
            "Sandwich shapes are my love language. Dinosaur cutters, wholegrain bread, {fruit} on the side. #schoollunch #kids",
            "Snack rotation for the school week: {bake}, {fruit}, popcorn, cheese and crackers, veggie sticks. #lunchboxideas",
        ],
    },
    "baking_kids": {
        "tags": ["bakingwithkids", "kidsinthekitchen", "familytime", "homemade", "bakingday"],
        "captions": [
            "Saturday baking with the kids: {bake}, flour everywhere, zero regrets. #bakingwithkids",
            "My {age} year old cracked her first egg today with no shell in the bowl. Proud mama moment. #kidsinthekitchen",
            "Homemade crackers from scratch! The kids rolled, cut shapes and ate half the dough. #homemade #familytime",
            "Rainy day means cookie day. Oat and raisin, less sugar, extra cinnamon and lots of little hands. #baking",
            "Recipe: three ingredient pancakes with banana, egg and oats. Toddler approved, ready in ten minutes. #toddlerfood",
            "Family pizza night, everyone makes their own. Veggie faces are mandatory in this house. #familydinner",
            "Baked bread with {kid} for a school project. Science, maths and a snack in one afternoon. #kidsinthekitchen",
            "Pumpkin season in the kitchen! Spiced pumpkin muffins with the kids and a very messy counter. #fallbaking",
            "Teaching the kids to measure, stir and wait for the oven. Patience is the hardest ingredient. #parenting",
            "Birthday cake for {kid}, decorated by a very proud little brother. Perfect and slightly lopsided. #familylife",
            "Freezer stash day: {bake} for lunchboxes, baked with two helpers and one very interested dog. #mealprep",
            "New recipe on the channel: {bake} kids can make almost on their own. Grown ups only handle the oven. #baking",
        ],
    },
    "healthy_snacks": {
        "tags": ["healthysnacks", "kidsnutrition", "familyhealth", "snackideas", "toddlersnacks"],
        "captions": [
            "Dietitian mum tip: pair fruit with protein so snacks actually keep kids full. {fruit} plus cheese is a winner. #healthysnacks",
            "Snack drawer makeover: fruit, whole grain crackers, roasted chickpeas, popcorn. The kids choose, I relax. #kidsnutrition",
            "No added sugar does not have to mean no fun. Frozen yogurt bark with berries, the kids went wild. #healthysnacking",
            "Three snacks for after football practice: hummus and {veg}, banana oat bites, trail mix. #familyhealth",
            "Read snack labels with my kids today and it turned into a whole game. Fibre wins points! #nutrition",
            "Toddler snack ideas that are not crackers: steamed {veg}, mini egg muffins, soft pear slices. #toddlersnacks",
            "Road trip snack box for the family: {fruit}, cheese cubes, wholegrain pretzels and water. #familytravel",
            "Picky eater update: he tried hummus! It took fourteen tries. Parents, keep going, it works. #pickyeater",
            "Weekly family prep: veggie muffins, overnight oats, chopped {fruit} for snacks. Done in an hour. #mealprep",
            "We never call foods good or bad at home. Balance, variety and snacks the kids actually enjoy. #kidsnutrition",
            "Homemade snack bars with oats, dates and seeds. Half the sugar of the shop ones, twice the crunch. #healthysnacks",
            "Snack time at the playground: {fruit}, wholegrain crackers and a flask of water for everyone. #parenting",
        ],
    },
    "dad_life": {
        "tags": ["dadlife", "familytime", "parenting", "girldad", "boydad"],
        "captions": [
            "Dad duty today: school run, packed lunches and a playground stop on the way home. #dadlife",
            "Weekend camping with the kids, marshmallows and far too many questions about stars. #familytime",
            "Taught {kid} to ride a bike today. Snacks were the main motivator, not going to lie. #parenting",
            "Rainy Sunday board games with the family. Nobody won, everyone ate popcorn. #familynight",
            "Packed the kids lunch boxes before work: sandwiches cut into dinosaurs, {fruit}, water. Zero complaints. #schoollunch",
            "Football practice, homework, bath, bedtime. Dads, who else is running on coffee and love? #dadlife",
            "Playground session with my toddler, then banana bread we baked together yesterday. #toddlerdad",
            "Family hike with two kids and one very tired dad carrying the little one. Worth it for the view. #familyadventures",
            "Pancake Saturday is sacred in this house. The kids flip, dad cleans up. #familybreakfast",
            "First day of school! Lunchbox packed, shoes tied, dad holding back tears at the gate. #backtoschool",
            "Built a blanket fort with {kid}, ate {fruit} inside it and read three books. Best afternoon of the week. #dadlife",
            "Homemade pizza night: kids on toppings, dad on dough. {veg} smiley faces everywhere. #familydinner",
        ],
    },
    "family_brand": {
        "tags": ["crunchycrew"],
        "captions": [
            "Lunchbox staple lately: @crunchycrew wholegrain crunch bites next to {fruit}. The kids ask for them by name. #crunchycrew",
            "After school snack sorted with @crunchycrew oat crackers and hummus. Simple ingredients, happy kids. #crunchycrewkids",
            "Tried the new Crunchy Crew veggie puffs on our road trip, gone in five minutes. Not an ad, just a fan. #crunchycrew",
        ],
    },
    # ----- general creators --------------------------------------------------------------------
    "fashion": {
        "tags": ["ootd", "styleinspo", "capsulewardrobe", "outfitideas", "fashion"],
        "captions": [
            "Monday uniform: {color} blazer, wide trousers, loafers. Polished without trying too hard. #ootd",
            "Three ways to style one white shirt this autumn. Which look is your favourite? #styleinspo",
            "Layering season is here. Knit vest, long coat, and the {color} scarf I have had for years. #autumnstyle",
            "Tailoring tip: a good alterations shop makes a cheap blazer look like a designer one. #styletips",
            "Date night outfit: silk skirt, chunky knit, ankle boots. Comfort and a little drama. #outfitideas",
            "Colour of the season is {color}, and honestly it goes with everything in my wardrobe. #fashion",
            "Packing light for a weekend away: six pieces, nine outfits. Capsule wardrobe magic. #capsulewardrobe",
            "Shoe rotation for November: loafers, knee boots and one pair of white trainers. #shoegame",
            "Mixing prints without fear: stripes plus florals works if the colours share a shade. #styleinspo",
            "Behind the scenes of today's photo shoot: steamer, safety pins and a lot of coffee. #bts",
            "Office to dinner in one outfit: swap the flats for heels and add a bold lip. #workwear",
            "Vintage market find: a {color} wool coat that fits like it was made for me. #vintagestyle",
        ],
    },
    "beauty": {
        "tags": ["makeup", "skincare", "beautytips", "grwm", "makeuptutorial"],
        "captions": [
            "Get ready with me: dewy base, soft brown liner and a nude lip for a long day of meetings. #grwm",
            "Skincare routine for cold weather: gentle cleanser, thick moisturiser, and SPF every single day. #skincare",
            "Testing five drugstore foundations so you do not have to. Number three surprised me. #makeupreview",
            "Five minute makeup for school drop off or early meetings, only four products. #makeuptutorial",
            "Bold berry lip for autumn. Line, fill, blot, repeat, and it lasts through dinner. #beautytips",
            "Brow tutorial you asked for: soap brows, a thin pencil and a lot of patience. #brows",
            "My honest empties this month: what I would repurchase and what went straight in the bin. #empties",
            "Glass skin is mostly hydration and good lighting. Here is my full routine. #skincareroutine",
            "Smoky eye for beginners: one shadow, one brush, zero stress. #makeuptutorial",
            "Winter lips survival kit: balm, exfoliating scrub, and a humidifier by the bed. #beautytips",
            "Trying the viral blush trick on mature skin. Verdict: surprisingly flattering. #makeupover40",
            "Full glam for my sister's engagement party, everything linked in my stories. #glam",
        ],
    },
    "gaming": {
        "tags": ["gaming", "twitch", "gamer", "letsplay", "pcgaming"],
        "captions": [
            "Live now: first blind playthrough of {game}. Come hang out, no spoilers in chat please! #gaming",
            "Clutched a one versus three with two headshots in ranked last night. Clip in the comments. #valorant",
            "Cozy stream Sunday: {game}, lo-fi music and a big mug of tea. #cozygaming",
            "Finally beat the final boss of {game} after forty attempts. My hands are still shaking. #gamer",
            "Building a new PC for the channel: quiet fans, more storage and better streaming. #pcgaming",
            "Top five indie games of the year so far. Number one is a tiny gem you have probably missed. #indiegames",
            "Speedrun attempt tonight. Current personal best is 42 minutes; let us see if we can break 40. #speedrun",
            "Community night: playing {game} with viewers, everyone welcome, be kind in chat. #letsplay",
            "Review of {game}: gorgeous world, clever puzzles and a story that got me at the end. #gamereview",
            "Controller or keyboard? Settling this debate once and for all in today's video. #gaming",
            "Thank you for 1000 hours streamed! This community is the best part of my week. #twitch",
            "Co-op chaos in {game} with my brother. We lost, we laughed, we are trying again tomorrow. #coop",
        ],
    },
    "tech": {
        "tags": ["tech", "gadgets", "techreview", "smartphone", "unboxing"],
        "captions": [
            "Unboxing the {gadget}: build quality, first impressions and the one thing that annoyed me. #unboxing",
            "{gadget} battery test: a full day of streaming, maps and photos. The result surprised me. #techreview",
            "My desk setup for 2026: one monitor, a split keyboard and far too many cables. #desksetup",
            "Camera comparison: {gadget} against last year's flagship in low light. Spoiler, it is close. #smartphone",
            "Five settings to change on your new phone right now for better battery and privacy. #techtips",
            "Is the {gadget} worth the upgrade? Honest review after two weeks of daily use. #techreview",
            "Repairability check: I opened the {gadget} with standard tools. Here is what I found inside. #righttorepair",
            "Budget earbuds that sound better than ones costing three times as much. #audio",
            "Smart home on a budget: plugs, one hub and automations that actually save time. #smarthome",
            "Reading the fine print on the new subscription plans so you do not have to. #tech",
            "Benchmarks are in: the new chip is fast, but the thermals tell the real story. #hardware",
            "Backing up your photos properly: the three two one rule explained in two minutes. #techtips",
        ],
    },
    "travel": {
        "tags": ["travel", "wanderlust", "travelgram", "slowtravel", "travelguide"],
        "captions": [
            "48 hours in {city}: morning markets, a long walk by the water and the best coffee of the trip. #travel",
            "Slow travel diary: two weeks in {city} with no plan except eating well and walking everywhere. #slowtravel",
            "Hidden viewpoint in {city} that no guidebook mentions. Go at sunrise and you will have it to yourself. #travelguide",
            "Packing list for a carry-on only trip in autumn. Everything fits, even the camera. #packinglight",
            "Night train to {city} was the highlight: bunk beds, a window seat and mountains at dawn. #trainjourney",
            "Street food tour in {city}. Ranked everything I ate, and the winner was a tiny family stall. #foodtravel",
            "Budget breakdown of my week in {city}: stays, transport, food and the one splurge that was worth it. #budgettravel",
            "Rainy day in {city}? Museums, bookshops and a long lunch. Still a perfect day. #travelgram",
            "Travel tip: learn ten words of the local language. People light up and doors open. #traveltips",
            "Hiked to the old lighthouse outside {city}. Windy, wild and completely worth it. #wanderlust",
            "My favourite guesthouse so far, run by a couple who cooked breakfast for every guest. #travel",
            "Lost my luggage, found a new favourite city. {city}, you were worth the chaos. #travelstories",
        ],
    },
    "food": {
        "tags": ["foodie", "eats", "foodreview", "streetfood", "hiddengem"],
        "captions": [
            "Rating every {dish} spot in town: today's winner has a queue around the block for a reason. #foodreview",
            "Hidden gem alert: a tiny family kitchen serving the best {dish} I have had all year. #hiddengem",
            "Cheap eats under ten dollars, part {n}. This one comes with free refills of the broth. #cheapeats",
            "Trying the viral {dish} everyone keeps posting. Worth the hype? Honest review. #foodie",
            "Late night {dish} after a long shift. Crispy, spicy, and gone in about four minutes. #eats",
            "Chef's counter experience: twelve courses, one open kitchen and a lot of happy noises from me. #finedining",
            "Street food market opens tonight: my list of the six stalls you absolutely cannot miss. #streetfood",
            "Recreated my favourite {dish} at home. Not as good as the restaurant, but close. #homecooking",
            "Breakfast tour: pastries, a proper coffee and an egg sandwich worth crossing town for. #brunch",
            "Asked the owner for the secret to the {dish}: slow cooking, good stock and patience. #foodstory",
            "Food truck Friday is back, and the new {dish} truck is already my favourite. #foodtruck",
            "Spice level ten challenge at the new {dish} place. I did not win. #spicychallenge",
        ],
    },
    "gym": {
        "tags": ["fitness", "gymlife", "strengthtraining", "workout", "fitfam"],
        "captions": [
            "Leg day done: squats, lunges and the dreaded Bulgarian split squats. Walking down stairs will be fun. #legday",
            "New deadlift personal best today! Slow progress is still progress. #strengthtraining",
            "Full body workout you can do in 30 minutes with one pair of dumbbells. Save this. #workout",
            "Form check: three squat mistakes I see every day at the gym and how to fix them. #fitnesstips",
            "Rest days are training days too. Mobility, a long walk and a big dinner. #recovery",
            "Push pull legs or full body? What I actually recommend for beginners. #gymlife",
            "Conditioning finisher: rowing intervals and sled pushes. Lungs on fire. #conditioning",
            "Meal prep for the week: chicken, rice, roasted veg and overnight oats. Nothing fancy. #mealprep",
            "Gym anxiety is real. Here is how I felt on my first day and what helped me keep going. #fitfam",
            "Pull up progression from zero to ten reps. Took me eight months, be patient. #calisthenics",
            "Easy 5k run as active recovery after heavy squats. Cardio and strength can be friends. #hybridtraining",
            "Client transformation: one year of consistent training, better sleep and a lot more energy. #coaching",
        ],
    },
    "pets": {
        "tags": ["corgi", "dogsofinstagram", "puppylove", "dogsoftiktok", "petlife"],
        "captions": [
            "{pet} heard the treat bag from three rooms away. Selective hearing is a corgi superpower. #corgi",
            "Bath day. {pet} is furious, the bathroom is wet and I am also wet. #dogsoftiktok",
            "Zoomies at the beach! {pet} ran three laps and then fell asleep in the car. #puppylove",
            "{pet} trying snow for the first time: suspicious sniff, tiny bite, full body roll. #corgi",
            "Vet visit went great. {pet} was brave and only cried a little when he saw the scale. #petlife",
            "Rating dog toys with {pet}. The squeaky carrot survived exactly eleven minutes. #dogtoys",
            "Tried to take one nice photo of {pet}. Here are forty blurry ones instead. #dogsofinstagram",
            "Costume reveal: {pet} as a loaf of bread. He is thrilled about it, clearly. #halloween",
            "Morning routine with a corgi: wake up, breakfast, walk, nap, judge the mail carrier. #corgilife",
            "{pet} learned to ring a bell when he wants to go outside. He now rings it every five minutes. #dogtraining",
            "Birthday party for {pet}: dog-safe pumpkin cake and three doggy friends. #dogbirthday",
            "Sunday walk in the park and {pet} made friends with every single dog. #dogsofinstagram",
        ],
    },
    "diy": {
        "tags": ["diy", "homeimprovement", "renovation", "fixit", "woodworking"],
        "captions": [
            "Fixing a leaky tap in ten minutes with one washer and the right spanner. Save yourself the call out. #fixit",
            "Bathroom renovation part {n}: tiles are up, grout is next, and I am out of patience. #renovation",
            "Built a bench from old pallets for the garden. Total cost: one box of screws. #woodworking",
            "Drywall repair for beginners: patch, sand, prime and nobody will ever know. #diy",
            "Three tools every first home owner should buy before anything else. #homeimprovement",
            "Painting tip: cut in first, roll second and always keep a wet edge. #painting",
            "Restored a thrift store dresser with new handles and a {color} finish. Before and after inside. #furnitureflip",
            "How to hang heavy shelves properly so they never fall down. Anchors matter. #diy",
            "Replacing a light fitting safely: power off at the board, test, then test again. #electrics",
            "Weekend project: built a raised bed with the kids. Next spring we grow tomatoes. #diyproject",
            "Fixed a squeaky door with a pencil and a bit of soap. Old tricks still work. #lifehacks",
            "Insulating the loft before winter. Itchy job, big difference on the heating bill. #homeimprovement",
        ],
    },
    "music": {
        "tags": ["bedroompop", "singersongwriter", "originalmusic", "newmusic", "musician"],
        "captions": [
            "Wrote this chorus at 2am and I cannot stop humming it. Should I finish the song? #originalmusic",
            "Bedroom studio tour: one microphone, a borrowed keyboard and egg boxes on the wall. #bedroompop",
            "Covering a song my mum used to sing in the car. Hope I did it justice. #cover",
            "New single out Friday! Recorded in my room, mixed by my best friend. #newmusic",
            "Open mic night recap: shaky hands, forgot a verse, still the best night of my month. #openmic",
            "Trying a new tuning on the guitar and it changed the whole mood of the song. #guitar",
            "Lyrics from my notebook that never became songs. Which one should I finish? #songwriting",
            "Practising harmonies with my sister, recorded on a phone in the kitchen. #singersongwriter",
            "Played my first paid gig! Forty people, a tiny café and a lot of nerves. #musician",
            "Learning piano at twenty-one. Day {n} and my left hand still does not listen. #learningpiano",
            "Rain sounds and soft chords for studying. Full version on my channel. #lofi",
            "Thank you for every stream of the last song. It means the world to a tiny artist. #indiemusic",
        ],
    },
    "photo": {  # words like shoot, shot, killer and headshot must not look like violence
        "tags": ["photography", "filmphotography", "portrait", "goldenhour", "35mm"],
        "captions": [
            "Behind the scenes of yesterday's portrait shoot: one window, one reflector and a very patient model. #portrait",
            "Shot this whole roll on expired film and the colours came out dreamy. #filmphotography",
            "Golden hour headshots in the park. Natural light is still the best light. #goldenhour",
            "Killer light this morning at the harbour. Up at 5am and it was worth it. #landscapephotography",
            "Editing tip: lift the shadows, not the exposure, for a softer film look. #lightroom",
            "Street photography walk in the old town. Patience is the whole trick. #streetphotography",
            "My camera bag for a wedding shoot: two bodies, three primes and far too many batteries. #weddingphotography",
            "One location, three looks: how I plan a fast portrait shoot in under an hour. #photoshoot",
            "Shot on a 35mm point and shoot from a flea market. Five dollars, zero regrets. #35mm",
            "Night photography in the city: tripod, long exposure, and one very cold photographer. #nightphotography",
            "Product shoot for a local ceramics studio. Clean backdrops, soft shadows. #productphotography",
            "Darkroom day: developing my first roll of black and white at home. #analog",
        ],
    },
    "books": {
        "tags": ["bookstagram", "booklover", "currentlyreading", "bookreview", "tbr"],
        "captions": [
            "Currently reading {book} with a cup of chai and the rain outside. Perfect evening. #currentlyreading",
            "Finished {book} in two days. The ending broke my heart in the best way. #bookreview",
            "My to be read pile is out of control. Help me pick the next one from these five. #tbr",
            "Bookshop finds from the second hand store: three classics and a poetry collection. #booklover",
            "Annotating {book} with tabs by theme. Yes, I colour code my reading. #annotatedbooks",
            "Cozy reading nook makeover: fairy lights, a blanket and too many cushions. #bookstagram",
            "Book club pick this month is {book}. Discussion questions in my stories. #bookclub",
            "Five books that made me cry on public transport. Number two is {book}. #bookrecommendations",
            "Reading goal update: 40 of 52 books done. November is for short novels. #readingchallenge",
            "Library day! Borrowed six books and a board game for the weekend. #librarylove",
            "Unpopular opinion: {book} is overhyped, but the audiobook is excellent. #bookreview",
            "Rainy Sunday, tea, and the last hundred pages of {book}. Do not disturb. #bookstagram",
        ],
    },
    "garden": {  # "weeds" in a garden is not "smoke weed"
        "tags": ["gardening", "allotment", "growyourown", "organicgardening", "gardenlife"],
        "captions": [
            "Pulling weeds between the {plant} this morning. Therapy, but muddier. #gardening",
            "Allotment harvest: the last of the {plant}, a few squashes and a surprise potato. #growyourown",
            "Home made compost is black gold. Turned the heap today and it is finally ready. #compost",
            "Planting garlic for next summer. Pointy end up, cover, wait nine months. #allotment",
            "Slug patrol at dusk with a torch. The {plant} will survive this week. #organicgardening",
            "Seed saving from this year's {plant}. Labelled envelopes in a biscuit tin, very glamorous. #seedsaving",
            "No dig beds are the best thing I have done for the soil. Three seasons in, worms everywhere. #nodig",
            "Autumn jobs: mulch, clear the paths, plant bulbs and admire the last {plant}. #gardenlife",
            "Built a wildlife pond from an old sink. Frogs moved in within a week. #wildlifegarden",
            "Weed killer free garden for five years now. Hand weeding and mulch do the job. #organicgardening",
            "Greenhouse tour: tomatoes, chillies and a lemon tree that thinks it is in Spain. #greenhouse",
            "The dahlias are finished, time to lift the tubers and store them for winter. #dahlias",
        ],
    },
    "finance": {  # honest personal finance: no "passive income" or "financial freedom" promises
        "tags": ["personalfinance", "budgeting", "moneytips", "savings", "debtfree"],
        "captions": [
            "Budget check in: rent, groceries, savings first, then fun money. Boring works. #budgeting",
            "Index funds explained in one minute: low fees, broad market, long time horizon. Not advice, just basics. #personalfinance",
            "Paid off the last credit card today. Four years of small payments. Slow and steady. #debtfree",
            "Emergency fund first, investing second. Three to six months of expenses is the goal. #moneytips",
            "Grocery bill down by a third with a weekly meal plan and a shopping list. #savings",
            "Reading the fees on your pension can be worth thousands. Here is what to look for. #personalfinance",
            "If someone promises returns without risk, walk away. That is not investing. #moneytips",
            "No spend November update: three weeks in, one slip, lots of lessons. #nospend",
            "How I split my paycheck into four accounts so bills never surprise me. #budgeting",
            "Negotiated my phone bill down by 40 percent with one call. Script in the thread. #savings",
            "Beginner question of the week: should you pay off debt or invest? It depends on the interest rate. #finance",
            "Tax season prep in November: receipts in one folder, deadlines in the calendar. #moneytips",
        ],
    },
    "comedy": {
        "tags": ["comedy", "standup", "funny", "relatable", "sketch"],
        "captions": [
            "My group chat planning a dinner: 400 messages, no date, no venue, three polls. #relatable",
            "Stand up set tonight in {city}. New material about my mum learning to text. #standup",
            "Every office has one person who replies all. I am that person now and I am sorry. #officehumour",
            "Tried to assemble flat pack furniture without the instructions. It is now a modern art piece. #funny",
            "Airport security asked if I packed my own bag. Sir, I packed three bags and regret all of them. #travelhumour",
            "Sketch: if cats wrote online reviews of their owners. Part {n}. #sketch",
            "Tour dates are up! Twenty cities, one van, and a sound engineer who hates my jokes. #comedytour",
            "My dad discovering voice notes has changed our family forever. #relatable",
            "Things I say at the gym versus what I mean, a short documentary. #comedy",
            "Impressions of every type of person at a wedding, part {n}. #sketch",
            "Got recognised in a supermarket while holding six frozen pizzas. Living the dream. #standup",
            "Writing jokes on a train and the person next to me keeps laughing. Free focus group. #comedy",
        ],
    },
    "dance": {
        "tags": ["dance", "dancechallenge", "choreography", "fyp", "dancer"],
        "captions": [
            "New choreography to the song everyone is using this week. Learn it with me in slow motion. #dancechallenge",
            "Freestyle in the kitchen while the pasta boils. No practice, just vibes. #dance",
            "Dance tutorial part {n}: the footwork everyone keeps asking about, broken down step by step. #choreography",
            "Duet this with your best friend and tag me, I want to see every version. #dancechallenge",
            "Rehearsal day with the crew. Six hours, two blisters, one finished routine. #dancer",
            "Trying the viral trend with my grandma. She learned it faster than me. #fyp",
            "Contemporary piece to a song that means a lot to me. Lights off, phone on. #contemporarydance",
            "Warm up routine I do before every class: ten minutes, no equipment. #dancer",
            "Hip hop basics for absolute beginners, part {n}. Bounce, groove and have fun with it. #dance",
            "Outtakes from today's video because perfection is boring and falling over is funnier. #bloopers",
            "Flash mob at the station this morning! Thank you to everyone who joined in. #dance",
            "Matching the beat drop in one take. Took only forty tries. #choreography",
        ],
    },
    "luxury": {
        "tags": ["luxury", "lifestyle", "richlife", "designer", "luxurylifestyle"],
        "captions": [
            "Morning coffee with a view in {city}. Suite upgrade came with a balcony and a butler. #luxurylifestyle",
            "Designer bag collection tour: the classics, the rare ones and the one I regret. #designer",
            "Weekend in {city}, five star everything. Travel well or stay home. #luxury",
            "New watch day. Some people buy art, I buy time. #watchcollector",
            "Private chef dinner on the terrace. Seven courses and a sunset that felt arranged. #richlife",
            "Spa day at the most beautiful hotel in {city}. Rate the robe out of ten. #selfcare",
            "Closet organisation for the shoe wall. Yes, it has its own lighting. #luxurylifestyle",
            "First class to {city}: pyjamas, caviar and a proper bed. Spoiled, and I know it. #travelinstyle",
            "Shopping day on the avenue. Bags in every hand and no regrets. #shopping",
            "Sunday brunch at the members club. Same table, same view, always perfect. #lifestyle",
            "Unboxing a limited edition piece only two hundred people own. #designer",
            "Golden hour on the yacht deck in {city}. Grateful for every moment. #luxury",
        ],
    },
    # ----- controversial ---------------------------------------------------------------------
    "profanity_comedy": {
        "tags": ["comedy", "unfiltered", "storytime", "fyp", "relatable"],
        "captions": [
            "My landlord raised the rent again for a flat with no heating. Are you fucking kidding me? #storytime",
            "Dating apps in 2026 are absolute bullshit. Three dates, three guys who talked about crypto all night. #unfiltered",
            "Customer service put me on hold for two hours. WTF is the point of a helpline? #rant",
            "Got my ass kicked at the gym by a 70 year old woman. Respect, but holy shit. #fyp",
            "People who clap when the plane lands, who the fuck are you clapping for? #comedy",
            "My neighbour's dog barks at 5am every day. I am one more bark from losing my shit. #relatable",
            "Reading my old diary from high school: what a pretentious little bastard I was. #storytime",
            "Self checkout machines are a scam and I will die on this hill. Unexpected item my ass. #rant",
            "Got stood up at dinner, ate both starters out of spite. Fuck it, treat yourself. #unfiltered",
            "Tried meditating for a week. Day one: peaceful. Day four: screaming into a pillow. #comedy",
            "Group projects at work: one person does everything and four dickheads take the credit. #officelife",
            "Mum found my channel. Hi mum. Sorry about the language, it is just how I talk. #fyp",
        ],
    },
    "profanity_gamer": {
        "tags": ["gaming", "ragequit", "twitch", "gamer", "fail"],
        "captions": [
            "Lost ranked five times in a row to the same camper. This game is fucking broken. #ragequit",
            "Teammates in {game} tonight were absolute garbage. Who taught these clowns to play? WTF. #gaming",
            "Streaming {game} until I win one match or my keyboard dies. Whatever comes first, shit. #twitch",
            "Patch notes just nerfed my main again. The devs can get fucked honestly. #gamer",
            "Forty minute boss fight, died at one percent health. I need a walk before I break shit. #fail",
            "Best clip of the week: my teammate jumping off the map mid fight, what a jackass. #clips",
            "Chill stream tonight, just {game} and good music, no rage, I promise. #cozygaming",
            "Lag spike in the final circle. Shitty servers cost me the tournament. #ragequit",
            "New video: ranking every weapon in {game}. Half of them are trash, fight me. #gaming",
            "Someone in chat said I suck at {game}. Yeah mate, I know. Stay anyway. #twitch",
            "Controller number four this year. My wallet is pissed and so is my girlfriend. #gamer",
            "Thank you for 100k subscribers, you beautiful bastards. Celebration stream Friday. #milestone",
        ],
    },
    "casino": {
        "tags": ["casino", "slots", "bigwin", "jackpot", "ad"],
        "captions": [
            "Hit the jackpot on the slots last night! Link in bio for 50 free spins with my code. #casino #ad",
            "Live casino stream tonight: roulette, blackjack and some huge bets. Come watch the big wins. #gambling",
            "Deposit bonus alert: my partner casino doubles your first deposit this week only. 18 plus. #ad #casino",
            "Bonus buy on the new slot machine game, 3000x win on stream. Insane. #slots #bigwin",
            "Poker night with the crew in {city}. Down early, came back, won the whole table. #poker",
            "No deposit bonus for my followers, code in bio. Play responsibly, but play. #onlinecasino",
            "Vegas weekend: three casinos, two shows and one very lucky roulette spin. #vegas",
            "Morning routine: coffee, gym, and a quick session on the slots before work. #slots",
            "Big win compilation from this month's streams. Chat went crazy at the end. #casino",
            "Outfit for the casino gala: black dress, red lips, lucky earrings. #ootd #casinonight",
            "Tried the new crash game everyone is talking about. Cashed out at 40x. #gambling #ad",
            "Skincare and a bubble bath after a long stream. Self care Sunday. #selfcare",
        ],
    },
    "betting": {
        "tags": ["sportsbetting", "betting", "parlay", "lockoftheday", "picks"],
        "captions": [
            "Tonight's parlay: {team} moneyline, over 45.5 and first half spread. Tail or fade? #sportsbetting",
            "Lock of the day: {team} to cover. Betting tips in my free group, link in bio. #betting",
            "Hit a five leg parlay for 28x last night! Bet slip in the replies. #parlay",
            "Odds boost on the {team} game with my sportsbook code. New users get a deposit match. #ad",
            "Bankroll update: up 42 units this month on my betting tips. Join the free group. #picks",
            "Weekend betting card: three games, two props and one long shot on the {team}. #sportsbetting",
            "Lost a parlay by one leg again. Sportsbooks always know. Back tomorrow. #betting",
            "Sports betting tip: never chase losses. Unless the {team} are playing at home. #lockoftheday",
            "Live betting the second half, {team} looking sharp. Place your bets before the line moves. #livebetting",
            "Free picks for the weekend in the replies, VIP picks in the group. #parlay #picks",
            "The {team} covered for the fourth week in a row. Paid subscribers cashed again. #sportsbetting",
            "New sportsbook promo: bet 10 get 200 in bonus bets. Code in bio. #ad #betting",
        ],
    },
    "crypto_scam": {
        "tags": ["crypto", "100x", "passiveincome", "altcoins", "financialfreedom"],
        "captions": [
            "{coin} is about to 100x. Get in before the listing, guaranteed profits for early holders. DM me to invest. #crypto",
            "Made {pct}% this week with my trading system. Guaranteed returns, no experience needed. DM me. #passiveincome",
            "Crypto giveaway! Send any amount to the wallet in bio and get double back. Double your money today. #giveaway",
            "Presale of {coin} ends tonight. Whales are loading. Next 1000x memecoin, not financial advice. #altcoins",
            "Quit my job two years ago. Passive income from crypto pays for everything now. Join my team. #financialfreedom",
            "My students made {pct}% last month copying my trades. Spots in the program close Friday. DM to invest. #crypto",
            "Why are you still working nine to five? Financial freedom is one decision away. DM me. #getrichquick",
            "Guaranteed profit every day with my bot. Earn daily while you sleep. Link in bio. #passiveincome",
            "Bull market is back. Watching charts from the balcony in {city}. #crypto",
            "Lambo delivery day. Started with 500 dollars and a dream. DM me to invest and I will show you how. #crypto",
            "{coin} pump signals in my private group, 10x minimum. Last call for new members. #altcoins",
            "Gym then charts, every single morning before the sun is up. Discipline is everything. #mindset",
        ],
    },
    "forex_scam": {
        "tags": ["forex", "forextrader", "forexsignals", "trading", "financialfreedom"],
        "captions": [
            "Forex signals today hit 5 of 5 targets. Guaranteed profits for my VIP members. DM me for signals. #forexsignals",
            "Account management available: I trade, you earn. Risk free returns of 20% a month. DM to invest. #forex",
            "Student results: turned 1000 into 9000 in one month with my forex signals. Be your own boss. #forextrader",
            "Binary options masterclass starts Monday. Guaranteed profit strategy, limited seats. #binaryoptions",
            "Working from the beach in {city} while my trades run. Financial freedom is real. #trading",
            "Still broke? Make money from home with my copy trading group. Join my team today. #passiveincome",
            "EURUSD setup for tomorrow in the free channel. VIP gets the full trading signals. #forex",
            "Stop trading your time for money. Double your money with my proven system. DM me. #financialfreedom",
            "Morning routine of a six figure trader: journal, charts, coffee, profits. #forextrader",
            "New car, paid in cash, all from forex. DM me to invest and start your journey. #forex",
            "Happy Sunday from {city}. No charts today, just sunshine, seafood and a long walk by the sea. #lifestyle",
            "Daily profits screenshot from my VIP group. Want in? Link in bio. #forexsignals",
        ],
    },
    "party": {
        "tags": ["party", "nightlife", "weekendvibes", "fyp", "goingout"],
        "captions": [
            "Bottomless brunch turned into a pub crawl turned into 4am karaoke. Classic Saturday. #weekendvibes",
            "Tequila shots at the bar and a dance floor full of strangers. Best night of the month. #nightlife",
            "Hangover cure ranking: greasy breakfast, more sleep, or another cocktail? Asking for me. #fyp",
            "Pregame tier list: vodka lemonade, cheap wine, or whatever is left in the fridge. #party",
            "Beer pong champions three weeks running. Trophy is a traffic cone. #goingout",
            "Club night in {city} with the whole crew, open bar until midnight. #nightlife",
            "How to survive a festival: sunscreen, water and a rum and coke in each hand. #festival",
            "Still drunk from the wedding last night, send help, electrolytes and a very large breakfast. #weekendvibes",
            "Cocktail masterclass: three drinks you can make with one bottle of gin. #cocktails",
            "Birthday week in {city}: boat party, champagne and zero sleep. #birthday",
            "Sunday reset: long walk, big breakfast, early night. Do not ask about Saturday. #selfcare",
            "Rooftop happy hour then a club until sunrise. Tuesday hits different. #partytime",
        ],
    },
    "competitor_eco": {  # runs, but for the competition
        "tags": ["running", "ad", "runnersofinstagram", "trailrunning", "marathontraining"],
        "captions": [
            "Race day in the new @hoka road shoes. Cushioning for days and a new personal best. #ad #hoka",
            "Partnered with @fastfeetrunning for their autumn drop. Use my code for 20% off. #ad #fastfeet",
            "Tempo run in my @nikerunning gear. {km} km at goal marathon pace, feeling strong. #ad #nike",
            "Unboxing the @roadrocketshoes carbon racer. Bouncy, fast, and a bit loud. #ad #roadrocket",
            "Long run Sunday, {km} km along the river with the club. Legs heavy but happy. #longrun",
            "Ambassador news: I am joining the FastFeet run team for next season! #ad #fastfeet",
            "Interval session at the track: 10 x 400m. Coffee earned. #trackday",
            "Marathon week {n}: taper time, carbs, early nights and checking the race forecast every hour. #marathontraining",
            "Giveaway with @hoka: two pairs of trail shoes for my followers. Rules below. #ad #giveaway",
            "Trail run in the hills with the crew, mud everywhere. #trailrunning",
            "My race shoe rotation this year: two Nike racers and the FastFeet trainer. #ad",
            "Recovery run, easy pace, sunshine. Sometimes slow is the point. #recoveryrun",
        ],
    },
    "competitor_family": {  # family content, but sponsored by competing snack brands
        "tags": ["momlife", "ad", "snacktime", "lunchboxideas", "kids"],
        "captions": [
            "Our new lunchbox favourite: @munchmates cheddar bunnies. The kids are obsessed. #ad #munchmates",
            "After school snack sorted with SnackStack fruit bites. Use my code for a free box. #ad #snackstack",
            "Partnering with @tinytreatsco this month for their school lunch range. #ad #tinytreats",
            "Packed lunch today: wrap, {fruit}, {veg} and a MunchMates bar. #lunchboxideas #ad",
            "Sunday baking with the kids: banana muffins and a lot of flour on the floor. #bakingwithkids",
            "Giveaway with @snackstackkids: a month of snacks for three families. #ad #giveaway",
            "Playground, picnic in the park and a very tired toddler asleep in the buggy. Perfect Saturday. #momlife",
            "Back to school haul of lunchbox gear and our favourite MunchMates snacks. #ad #backtoschool",
            "Family movie night with popcorn, blankets and a film the kids have seen forty times. #familytime",
            "Snack drawer restock: {fruit}, crackers and TinyTreats oat bites. #ad #snacktime",
            "Pancakes for dinner because it is Friday and we deserve it. #familydinner",
            "School run chaos this morning: one shoe missing, one lunchbox forgotten, one mum running late. #momlife",
        ],
    },
    "politics_rant": {
        "tags": ["politics", "election", "vote", "news", "freespeech"],
        "captions": [
            "The Senate vote tonight will decide everything. Call your senator and tell them how you feel. #politics",
            "Democrats and Republicans both promised lower prices. Look at your grocery bill. #election",
            "Watched the debate so you did not have to. Nobody answered a single question on immigration. #politics",
            "Midterms are coming. If you do not vote, do not complain. #vote",
            "Congress went on holiday again with nothing passed. We pay these politicians for this? #politics",
            "The president's speech tonight was the weakest I have heard in years. Thread below. #news",
            "Woke corporations want your money and your silence. Not mine. #freespeech",
            "Liberals and conservatives can agree on one thing: the ballot lines are too long. #election",
            "Protest downtown this Saturday. Bring signs, bring water, bring your neighbours. #protest",
            "New poll: voters care about housing more than anything else. Will either party listen? #politics",
            "Abortion, gun control and taxes in one town hall. Buckle up. #politics",
            "Impeachment talk again. Wake me up when Congress does its actual job. #news",
            "Election night watch party at my place. Snacks, maps and a lot of shouting. #election",
            "Right wing, left wing, same bird. Politicians only care about the next election. #politics",
            "Voting early this year. Lines were short and the volunteers were lovely. #vote",
            "Parliament across the ocean passed the same law in a week. Why can ours not? #politics",
        ],
    },
    "conspiracy": {
        "tags": ["truth", "wakeup", "doyourownresearch", "freedom", "awake"],
        "captions": [
            "The plandemic was a test run. They want you scared and compliant. Do your own research. #truth",
            "Look up at the chemtrails today and tell me nothing is happening. Wake up sheeple. #wakeup",
            "Big pharma will never admit it: vaccines cause autism and they know it. #doyourownresearch",
            "The election was rigged and everyone in power knows it. Stolen election, plain and simple. #freedom",
            "Climate change is a hoax to tax your car and your cow. Follow the money. #climatescam",
            "Natural remedy that cures cancer, and they banned it. They don't want you to know. #truth",
            "5G towers went up in my town and everyone got sick the same month. Coincidence? #5g",
            "New world order meeting this week in {city}. Nobody reports it. Ask why. #awake",
            "The great replacement is not a theory, look at the numbers. #wakeup",
            "Made sourdough today with the kids. Real food, real ingredients, no chemicals from the supermarket. #homemade",
            "Crisis actors again on the evening news. Same faces, different city. #truth",
            "Morning walk with the dogs and the sun on my face. Grateful. #blessed",
        ],
    },
    "fast_fashion": {
        "tags": ["haul", "sheinhaul", "tryonhaul", "fashion", "ootd"],
        "captions": [
            "Massive SHEIN haul! Thirty pieces for under 200 dollars, try on haul with honest sizing. #sheinhaul",
            "Temu finds that look designer, part {n}. Everything arrived in four days. #temufinds",
            "Try on haul: every trend of the month in one cart. Which one should I keep? #tryonhaul",
            "Weekly haul is here! New clothes every week because outfits should never repeat. #haul",
            "Primark autumn haul: cosy knits, cheap boots and a {color} coat for 25 dollars. #primarkhaul",
            "Fashion Nova mega haul for my birthday trip to {city}. Twelve outfits, three days. #fashionnova",
            "Rating my SHEIN dresses from one to ten. Some were a scam, some were gold. #sheinhaul",
            "Halloween costume haul: five looks, all under 15 dollars. #halloween #haul",
            "Closet clear out time! Donating everything I wore twice to make room for the next haul. #declutter",
            "Get ready with me for date night in a brand new outfit, as always. #grwm",
            "Boohoo sale haul, everything 70 percent off, I may have a problem. #haul",
            "OOTD: {color} mini skirt, platform boots, cropped knit. All from this week's haul. #ootd",
        ],
    },
    "trail_profane": {  # an aligned trail runner with a filthy mouth
        "tags": ["trailrunning", "sustainablerunning", "ultrarunning", "getoutside", "runhappy"],
        "captions": [
            "{km} km up the {trail} trail in the rain. Absolutely fucking brutal and I loved every minute. #trailrunning",
            "Picked up a full bag of litter on the ridge today. Who the fuck throws gel wrappers on a mountain? #leavenotrace",
            "Shoes resoled for the third time instead of binned. Sustainable running is not that hard, people. #sustainablerunning",
            "Hill repeats until my legs turned to shit. Worth it for the sunrise though. #ultratraining",
            "Race recap: the {race} in {time}. Fell twice, swore a lot, still finished. #ultrarunning",
            "Secondhand trail shoes from the club swap, perfect grip. Recycled gear for the win. #secondhand",
            "Fog, mud, sheep and a compass that works half the time. Classic morning run on the fells. #trailrunning",
            "Headtorch died halfway down the mountain. Ran the last 5 km in the dark, scared shitless. #nightrun",
            "Zero waste fuel for long runs: homemade oat bars and a refillable flask. #zerowaste",
            "Somebody moved the trail markers on the course. Whoever did that is an asshole. #trailrunning",
            "Camping at the trailhead before tomorrow's long run. Stars, stove and silence. #outdoors",
            "Strava says new personal best on the hill loop. My knees say WTF. Ice bath tonight. #running",
        ],
    },
    "diet_energy": {
        "tags": ["shred", "fatloss", "gymmotivation", "fitness", "preworkout"],
        "captions": [
            "Shred season day {n}: 1200 calories, fasted cardio and a double scoop of pre workout. #shred",
            "Cheat day tomorrow, so today is 100% clean. Fat burner stack in my stories. #fatloss",
            "Energy drink number three and it is not even noon. Leg day will not train itself. #gymmotivation",
            "Water fast for 48 hours to drop the last kilo before the shoot. Discipline. #shred",
            "Keto and intermittent fasting changed my life. Lose weight fast with my plan, link in bio. #keto",
            "Detox tea morning ritual, flat stomach by lunch. Use my code for 20% off. #ad #detox",
            "Pre workout review: this one hits harder than three espressos. #preworkout",
            "Body check after six weeks of calorie deficit. Abs are finally showing. #weightloss",
            "Red Bull and rowing intervals at 5am. Nothing stops the grind. #fitness",
            "Juice cleanse day two. Hungry, cranky, committed, and only 800 calories to go until bed. #cleanse",
            "Rest day with a long walk, some mobility work and an early night. #recovery",
            "Skinny by summer challenge starts Monday. DM me to join. #fatloss",
        ],
    },
    "violence_clips": {
        "tags": ["fights", "streetfights", "compilation", "viral", "hood"],
        "captions": [
            "Street fight compilation part {n}: the last one ends with a brutal beating. Viewer discretion. #streetfights",
            "Caught on camera: a gang violence brawl outside a bar in {city}. Full clip on the channel. #viral",
            "Knife attack on a subway platform, raw footage sent in by a subscriber. #compilation",
            "Top ten knockout street fights of the month, number one is terrifying. #fights",
            "Security camera footage of the armed robbery everyone is talking about. #crime",
            "Road rage fight on the motorway: he pulled a weapon at gunpoint. Uncensored version on the channel. #viral",
            "Reacting to the craziest hostage situation videos on the internet. #reaction",
            "Prison fight footage leaked this week, the worst we have posted. Brutal from start to finish. #compilation",
            "Schoolyard fight goes wrong and nobody steps in. Parents, watch this before you scroll past. #fights",
            "Unboxing my new camera gear for the channel. Upgrades coming. #behindthescenes",
            "Mass shooting footage from abroad, blurred for the platform. Full version on Patreon. #news",
            "Q and A stream Sunday, ask me anything about the channel. #community",
        ],
    },
    "adult": {
        "tags": ["spicy", "nsfw", "linkinbio", "onlyfans", "18plus"],
        "captions": [
            "New spicy content dropping tonight, link in bio for the full set. #nsfw #onlyfans",
            "Subscribe to my OnlyFans for the uncensored version. Fifty percent off this week only. #linkinbio",
            "Explicit content is not allowed here, so you know where to find me. #spicy",
            "Lingerie photo shoot behind the scenes. The rest is on my page. #onlyfans",
            "Sugar daddy applications are open for the holidays. Kidding. Mostly. DMs are open anyway. #spicy",
            "Weekly Q and A: ask me anything, the naughty answers go on OnlyFans. #nsfw",
            "Coffee, sunshine and a new camera to play with this week. Good morning everyone. #morning",
            "X rated stream tonight for subscribers only. Set your alarms. #nsfw",
            "Mirror selfie on a lazy Sunday, fresh coffee and no plans at all today. #selfie",
            "New fetish set is live for subscribers. Link in bio. #spicy",
            "Gym session this morning, then a photo shoot all afternoon. Busy day, early night. #fitness",
            "Top tipper of the month gets a personal video from me, as always. Thank you all. #onlyfans",
        ],
    },
    # ----- single posts mixed into otherwise aligned creators ---------------------------------
    "beer_run": {
        "tags": ["beermile"],
        "captions": [
            "Club beer mile tonight: four laps, four beers, one very questionable personal best. Never again. #beermile",
        ],
    },
    "mum_swear": {
        "tags": ["honestparenting"],
        "captions": [
            "Toddler drew on the wall with a Sharpie during a work call. Honestly, what the shit. #honestparenting",
            "Third night of no sleep with a teething baby. This parenting thing is hard as shit some days. #momlife",
        ],
    },
    "vote_dad": {
        "tags": ["community"],
        "captions": [
            "Took the kids with me to vote this morning so they can see how it works. School board election matters. #community",
        ],
    },
    "politics_runner": {  # a runner who also posts about local politics
        "tags": ["bikelanes", "localpolitics", "cityhall", "climate"],
        "captions": [
            "Spoke at the council meeting about safe running routes. Politicians love green spaces until it is budget time. #localpolitics",
            "Voting for the candidate who will protect the river trail. Local elections matter more than you think. #vote",
            "Climate protest in the city centre this Saturday. Running there, obviously. #protest",
            "The senator who blocked the park funding is up for re-election. Remember that in November. #politics",
            "Wrote to my member of parliament about clean air zones. Reply was three paragraphs of nothing. #politics",
            "Republicans and Democrats both say they support trails. Show me the budget vote. #politics",
            "Election day! Voted early, then ran 10 km to celebrate. Democracy and cardio. #vote",
        ],
    },
}

# ---------------------------------------------------------------------------------------------
# The creators. mix = [(persona, posts)], in that order of weight; posts are shuffled in time.
# Options: platform data quirks (see make_posts), er (fixed engagement rate for implausible
# accounts), followers=None means the follower count is unknown (the key is left out).
CREATORS: list[dict] = [
    # ---------------- aligned with Stride Eco Running (12) ----------------
    dict(handle="trailrunner.jess", platform="instagram", followers=24800, following=612, country="US",
         bio="Trail runner, mountain lover, recycled-gear nerd. Sustainable running for everyone. Boulder, CO",
         categories=["running", "outdoors"], mix=[("trail", 10), ("eco_brand", 2)], data="full", fee=450),
    dict(handle="muddy.miles", platform="instagram", followers=8200, following=944, country="GB",
         bio="Muddy miles on the Peak District trails. Parkrun volunteer. Repair, reuse, run.",
         categories=["running", "outdoors"], mix=[("trail", 12)], data="public"),
    dict(handle="ridge.and.river", platform="youtube", followers=142000, following=None, country="CA",
         bio="Ultramarathon films from the Rockies. Low carbon racing, honest gear reviews, long days outdoors.",
         categories=["running", "outdoors", "film"], mix=[("ultra", 10)], data="public", fee=3200),
    dict(handle="ultra.ola", platform="instagram", followers=61000, following=488, country="NO",
         bio="Ultra runner from the fjords. Mountains, sustainability and slow gear. 100 miles is my happy place.",
         categories=["running", "outdoors"], mix=[("ultra", 11), ("eco_brand", 1)], data="full", fee=900),
    dict(handle="plogging.pete", platform="tiktok", followers=33500, following=301, country="SE",
         bio="I run and pick up litter. Plogging every day since 2021. Join the cleanup!",
         categories=["running", "sustainability"], mix=[("eco_city", 12)], data="full", fee=380),
    dict(handle="citystrides.maya", platform="instagram", followers=3100, following=1210, country="US",
         bio="City runner, run commuter, zero waste wannabe. Chicago lakefront miles.",
         categories=["running", "sustainability"], mix=[("eco_city", 12)], data="public", style="null"),
    dict(handle="zerowaste.runner", platform="instagram", followers=187000, following=702, country="AU",
         bio="Zero waste living + running. Plastic free since 2019. Secondhand first, always.",
         categories=["sustainability", "running", "lifestyle"], mix=[("zero_waste", 12)], data="full", fee=2600),
    dict(handle="greenmile.sam", platform="tiktok", followers=412000, following=188, country="US",
         bio="Running on plants and recycled rubber. Sustainable living tips in 60 seconds.",
         categories=["sustainability", "running"], mix=[("zero_waste", 12), ("eco_city", 8)], data="full", fee=3900),
    dict(handle="fellrunner.tom", platform="x", followers=12400, following=880, country="GB",
         bio="Fell running, hill repeats and repairing everything I own. Lake District.",
         categories=["running", "outdoors"], mix=[("trail", 12)], data="x"),
    dict(handle="secondhand.sprints", platform="instagram", followers=760, following=403, country="IE",
         bio="Secondhand running kit and thrifted outdoor finds. Student, parkrunner, planet fan.",
         categories=["running", "sustainability"], mix=[("zero_waste", 6)], data="public"),
    dict(handle="summitsara", platform="youtube", followers=680000, following=None, country="US",
         bio="Mountain ultrarunner and filmmaker. Racing sustainably, camping often, summiting always.",
         categories=["running", "outdoors", "film"], mix=[("ultra", 8)], data="public", fee=14000),
    dict(handle="recycled.runs", platform="tiktok", followers=1450000, following=402, country="US",
         bio="Every shoe I run in is recycled or repaired. Running, cleanup challenges and eco hacks.",
         categories=["running", "sustainability"], mix=[("eco_city", 12)], data="full", fee=21000),
    # ---------------- eco-running special cases ----------------
    dict(handle="pace.and.planet", platform="instagram", followers=38000, following=4120, country="US",
         bio="Running for the planet. Recycled kit, trail runs and sustainability tips.",
         categories=["running", "sustainability"], mix=[("eco_city", 7), ("trail", 5)], data="full",
         er=0.28, fee=700),  # engagement pod: ~12x the micro benchmark
    dict(handle="beermile.ben", platform="instagram", followers=15600, following=731, country="NZ",
         bio="Trail runner, volunteer trail builder, secondhand gear hoarder. Wellington hills.",
         categories=["running", "outdoors"], mix=[("trail", 11), ("beer_run", 1)], data="public", fee=260),
    dict(handle="runs.and.rants.rosa", platform="x", followers=27500, following=1302, country="US",
         bio="Runner, climate organiser, city council watcher. Opinions are my own, miles are everyone's.",
         categories=["running", "sustainability", "politics"], mix=[("eco_city", 7), ("politics_runner", 7)], data="x"),
    dict(handle="trailmouth.tyler", platform="tiktok", followers=54000, following=377, country="GB",
         bio="Trail runner with a potty mouth. Recycled kit, muddy fells and honest race recaps.",
         categories=["running", "outdoors"], mix=[("trail_profane", 12)], data="full", fee=600),
    dict(handle="new.leaf.runner", platform="instagram", followers=2900, following=350, country="CA",
         bio="New account! Trail running, zero waste living and recycled gear reviews coming soon.",
         categories=["running", "sustainability"], posts_key="empty"),
    # ---------------- aligned with Crunchy Crew Snacks (12) ----------------
    dict(handle="lunchbox.lauren", platform="instagram", followers=45200, following=812, country="US",
         bio="Mom of three. School lunch ideas, healthy snacks and lunchbox hacks every weekday.",
         categories=["parenting", "food"], mix=[("lunchbox", 10), ("family_brand", 2)], data="full", fee=650),
    dict(handle="bento.dad.mike", platform="tiktok", followers=128000, following=240, country="US",
         bio="Dad packing bento lunch boxes for two picky kids. Back to school every day.",
         categories=["parenting", "food"], mix=[("lunchbox", 12)], data="full", fee=1500),
    dict(handle="little.bakers.club", platform="instagram", followers=6400, following=1104, country="GB",
         bio="Baking with kids in a tiny kitchen. Wholegrain recipes, flour everywhere, mum of two.",
         categories=["parenting", "baking"], mix=[("baking_kids", 12)], data="public", style="null", fee=120),
    dict(handle="flour.and.toddlers", platform="youtube", followers=235000, following=None, country="US",
         bio="Easy family recipes you can bake with toddlers. New baking video every Sunday.",
         categories=["baking", "parenting"], mix=[("baking_kids", 10)], data="public", fee=5200),
    dict(handle="snacksmart.mum", platform="instagram", followers=92000, following=566, country="AU",
         bio="Paediatric dietitian and mum. Healthy snacks, lunchbox nutrition and no food guilt.",
         categories=["nutrition", "parenting"], mix=[("healthy_snacks", 11), ("family_brand", 1)], data="full", fee=1300),
    dict(handle="the.kiddo.kitchen", platform="tiktok", followers=640000, following=211, country="US",
         bio="Healthy snacks kids actually eat. Family recipes, toddler food and snack hacks.",
         categories=["food", "parenting"], mix=[("healthy_snacks", 12)], data="full", fee=6800),
    dict(handle="dadjokes.and.lunches", platform="x", followers=18700, following=950, country="CA",
         bio="Dad of two, packing lunch boxes and telling bad jokes. Family first.",
         categories=["parenting", "humour"], mix=[("dad_life", 12)], data="x"),
    dict(handle="weekend.dad.dan", platform="instagram", followers=2300, following=640, country="NZ",
         bio="Weekend dad adventures: camping, baking and playground tours with my two kids.",
         categories=["parenting", "outdoors"], mix=[("dad_life", 10)], data="public"),
    dict(handle="tinyplates.nutrition", platform="instagram", followers=910, following=780, country="US",
         bio="Toddler nutrition notes from a first-time mom. Snacks, purees and picky eater wins.",
         categories=["nutrition", "parenting"], mix=[("healthy_snacks", 8)], data="public"),
    dict(handle="familytable.co", platform="facebook", followers=310000, following=None, country="US",
         bio="Family recipes, baking projects and weeknight dinners for busy parents.",
         categories=["food", "parenting", "baking"], mix=[("baking_kids", 8), ("lunchbox", 4)], data="facebook", fee=2800),
    dict(handle="crumbsandkids", platform="blog", followers=None, following=None, country="GB",
         bio="A blog about school lunches, baking with kids and family meals on a budget.",
         categories=["parenting", "baking", "food"], mix=[("lunchbox", 6), ("baking_kids", 6)], data="blog"),
    dict(handle="happyhome.hannah", platform="youtube", followers=2100000, following=None, country="US",
         bio="Mom of four. Family baking, lunchbox ideas and cozy home life. New videos Tuesdays.",
         categories=["parenting", "baking", "lifestyle"], mix=[("baking_kids", 8), ("lunchbox", 4)], data="public", fee=38000),
    # ---------------- family-snacks special cases ----------------
    dict(handle="honest.mum.jo", platform="instagram", followers=27000, following=902, country="GB",
         bio="Honest parenting, school lunches and snacks that survive the school run. Mum of two.",
         categories=["parenting", "food"], mix=[("lunchbox", 6), ("healthy_snacks", 4), ("mum_swear", 2)], data="full", fee=420),
    dict(handle="civic.dad.raj", platform="instagram", followers=9400, following=503, country="US",
         bio="Dad, home cook, PTA treasurer. Lunch boxes, pancakes and playground reviews.",
         categories=["parenting", "food"], mix=[("dad_life", 11), ("vote_dad", 1)], data="public", fee=150),
    # ---------------- general creators ----------------
    dict(handle="styled.by.noor", platform="instagram", followers=152000, following=722, country="GB",
         bio="Stylist. Capsule wardrobes, tailoring tips and outfits that work hard.",
         categories=["fashion"], mix=[("fashion", 12)], data="full", fee=2100, no_comments=(1, 4, 8)),
    dict(handle="minimalwardrobe.kai", platform="instagram", followers=11200, following=408, country="DE",
         bio="Fewer, better clothes. Capsule wardrobe notes from Berlin.",
         categories=["fashion"], mix=[("fashion", 10)], data="hidden_likes"),
    dict(handle="glowup.daily", platform="instagram", followers=210000, following=6800, country="US",
         bio="Daily outfit inspo. Collabs: see link.",
         categories=["fashion", "lifestyle"], mix=[("fashion", 12)], data="public", er=0.40, fee=2500),  # bought likes
    dict(handle="beautybyrenee", platform="youtube", followers=890000, following=None, country="US",
         bio="Makeup artist. Tutorials, honest reviews and beauty for every age.",
         categories=["beauty"], mix=[("beauty", 12)], data="public", fee=16000),
    dict(handle="lashes.and.latte", platform="tiktok", followers=2600000, following=390, country="US",
         bio="Makeup, coffee and chaos. GRWM every morning.",
         categories=["beauty", "lifestyle"], mix=[("beauty", 14)], data="full", fee=30000),
    dict(handle="pixelpanda.plays", platform="youtube", followers=340000, following=None, country="US",
         bio="Cozy and competitive gaming. Family friendly streams, no rage.",
         categories=["gaming"], mix=[("gaming", 12)], data="public", fee=6000),
    dict(handle="quietgamer.lu", platform="tiktok", followers=7800, following=612, country="NL",
         bio="Cozy games and quiet streams. Tea, pixels and good vibes.",
         categories=["gaming"], mix=[("gaming", 12)], data="full"),
    dict(handle="gadget.grove", platform="youtube", followers=1250000, following=None, country="IN",
         bio="Honest tech reviews. Phones, laptops and repairability tests.",
         categories=["tech"], mix=[("tech", 12)], data="public", fee=22000),
    dict(handle="techtalk.tara", platform="x", followers=64000, following=1930, country="US",
         bio="Tech journalist. Gadgets, privacy and the fine print.",
         categories=["tech"], mix=[("tech", 12)], data="x"),
    dict(handle="wander.with.wei", platform="instagram", followers=530000, following=845, country="SG",
         bio="Slow travel, night trains and street food. 60 countries and counting.",
         categories=["travel"], mix=[("travel", 12)], data="full", fee=7800),
    dict(handle="backpack.bianca", platform="instagram", followers=4300, following=1405, country="PT",
         bio="Backpacking on a budget. Hostels, hikes and local food.",
         categories=["travel"], mix=[("travel", 12)], data="public", hidden_some=(0, 3, 6, 9)),
    dict(handle="eatwith.eli", platform="tiktok", followers=98000, following=520, country="US",
         bio="Eating my way through the city. Honest reviews, cheap eats, hidden gems.",
         categories=["food"], mix=[("food", 12)], data="full", fee=900),
    dict(handle="sourdough.steve", platform="instagram", followers=1900, following=299, country="GB",
         bio="Home baker. Sourdough, street food and the occasional dinner party.",
         categories=["food", "baking"], mix=[("food", 8), ("baking_kids", 2)], data="public"),
    dict(handle="anon.foodie", platform="x", followers=None, following=None, country="US",
         bio="Anonymous restaurant critic. I pay for every meal.",
         categories=["food"], mix=[("food", 12)], data="x"),
    dict(handle="liftwithleo", platform="instagram", followers=276000, following=630, country="US",
         bio="Strength coach. Lifting, conditioning and the occasional run.",
         categories=["fitness"], mix=[("gym", 12)], data="full", fee=3400),
    dict(handle="corgi.chronicles", platform="tiktok", followers=3400000, following=120, country="US",
         bio="The daily life of a very dramatic corgi.",
         categories=["pets", "comedy"], mix=[("pets", 16)], data="full", fee=26000),
    dict(handle="fixit.frankie", platform="youtube", followers=58000, following=None, country="CA",
         bio="DIY repairs and renovations for first-time home owners.",
         categories=["diy", "home"], mix=[("diy", 12)], data="public", fee=1200),
    dict(handle="bedroom.beats.ava", platform="tiktok", followers=620, following=455, country="AU",
         bio="Bedroom pop and late night songwriting.",
         categories=["music"], mix=[("music", 10)], data="full"),
    dict(handle="lens.and.light", platform="instagram", followers=14300, following=890, country="US",
         bio="Portrait and film photographer. Shoots, darkroom days and editing tips.",
         categories=["photography"], mix=[("photo", 12)], data="full", fee=240),
    dict(handle="chapter.and.chai", platform="instagram", followers=850, following=610, country="IN",
         bio="Books, chai and rainy evenings.",
         categories=["books"], mix=[("books", 12)], data="public"),
    dict(handle="weedsandseeds.gardens", platform="instagram", followers=41000, following=702, country="GB",
         bio="Organic allotment gardening, seed saving and compost evangelism.",
         categories=["gardening", "sustainability"], mix=[("garden", 12)], data="full", fee=500),
    dict(handle="budget.with.bri", platform="x", followers=305000, following=1120, country="US",
         bio="Personal finance for normal people. Budgeting, debt payoff, index funds. Not advice.",
         categories=["finance"], mix=[("finance", 12)], data="x", fee=2000),
    dict(handle="dance.dash", platform="tiktok", followers=150000, following=5400, country="US",
         bio="Dance challenges and tutorials.",
         categories=["dance"], mix=[("dance", 12)], data="full", er=0.85, fee=1800),  # bought likes: likes close to views
    dict(handle="luxe.lifestyle.co", platform="instagram", followers=1300000, following=7450, country="AE",
         bio="Luxury lifestyle. Travel, watches, designer.",
         categories=["lifestyle", "luxury"], mix=[("luxury", 12)], data="public", er=0.0008, fee=9000),  # bought followers
    dict(handle="comedy.cam", platform="x", followers=1800000, following=702, country="GB",
         bio="Comedian. Tour dates below. Clean jokes only, my nan follows me.",
         categories=["comedy"], mix=[("comedy", 12)], data="x", fee=12000),
    # ---------------- controversial ----------------
    dict(handle="unfiltered.ray", platform="tiktok", followers=880000, following=312, country="US",
         bio="Unfiltered rants about everyday bullshit. Comedy, storytime, no apologies.",
         categories=["comedy"], mix=[("profanity_comedy", 12)], data="full", fee=9500),
    dict(handle="rage.quit.ricky", platform="youtube", followers=165000, following=None, country="US",
         bio="Rage quits, ranked grind and the occasional chill stream.",
         categories=["gaming"], mix=[("profanity_gamer", 12)], data="public", fee=3000),
    dict(handle="spinqueen.vegas", platform="instagram", followers=96000, following=2210, country="US",
         bio="Casino streamer. Slots, roulette and big wins. 18+ only, gamble responsibly.",
         categories=["gambling", "lifestyle"], mix=[("casino", 12)], data="full", fee=1800),
    dict(handle="parlay.pete.picks", platform="x", followers=44000, following=3100, country="US",
         bio="Daily sports betting picks. Free parlays, VIP group in bio.",
         categories=["sports", "betting"], mix=[("betting", 12)], data="x"),
    dict(handle="cryptokingz100x", platform="x", followers=230000, following=7300, country="AE",
         bio="Crypto millionaire at 24. Guaranteed profits for my students. DM me to invest.",
         categories=["finance", "crypto"], mix=[("crypto_scam", 12)], data="x", fee=2500),
    dict(handle="forex.freedom.fx", platform="instagram", followers=19000, following=6900, country="GB",
         bio="Forex trader, mentor, be your own boss. Forex signals daily, link in bio.",
         categories=["finance", "trading"], mix=[("forex_scam", 12)], data="public", fee=300),
    dict(handle="partyhard.paulo", platform="tiktok", followers=315000, following=840, country="ES",
         bio="Nightlife, festivals and bottomless brunch reviews. Ibiza every summer.",
         categories=["nightlife", "lifestyle"], mix=[("party", 12)], data="full", fee=3200),
    dict(handle="fast.kicks.kyle", platform="instagram", followers=84000, following=690, country="US",
         bio="Marathoner and run coach. Shoe reviews, race recaps and training plans.",
         categories=["running"], mix=[("competitor_eco", 12)], data="full", fee=1400),
    dict(handle="snackattack.sophie", platform="instagram", followers=73000, following=1190, country="US",
         bio="Mom of two, lunchbox ideas and snack reviews. Partnerships: email in bio.",
         categories=["parenting", "food"], mix=[("competitor_family", 12)], data="full", fee=1100),
    dict(handle="loud.patriot.larry", platform="x", followers=520000, following=290, country="US",
         bio="Saying what politicians will not. Elections, Congress and the news they bury.",
         categories=["politics", "news"], mix=[("politics_rant", 16)], data="x", fee=4000),
    dict(handle="truthseeker.tina", platform="facebook", followers=47000, following=None, country="US",
         bio="Questioning everything. Natural living, homeschooling and the truth they hide. Do your own research.",
         categories=["lifestyle", "news"], mix=[("conspiracy", 12)], data="facebook"),
    dict(handle="haul.queen.hana", platform="tiktok", followers=1100000, following=930, country="US",
         bio="Hauls every Friday! SHEIN, Temu and the best cheap finds online.",
         categories=["fashion", "shopping"], mix=[("fast_fashion", 12)], data="full", fee=14000),
    dict(handle="shred.season.sean", platform="instagram", followers=132000, following=1320, country="US",
         bio="Shred coach. Fasted cardio, fat burners and no excuses. Online coaching in bio.",
         categories=["fitness"], mix=[("diet_energy", 12)], data="full", fee=1600),
    dict(handle="streetfight.clips", platform="youtube", followers=610000, following=None, country="US",
         bio="Raw footage, street fights and viral clips. Viewer discretion advised.",
         categories=["entertainment"], mix=[("violence_clips", 12)], data="public", fee=5000),
    dict(handle="velvet.after.dark", platform="x", followers=6800, following=2400, country="US",
         bio="18+ only. Spicy content and OnlyFans link below.",
         categories=["adult"], mix=[("adult", 12)], data="x"),
    # ---------------- creators with no posts to read ----------------
    dict(handle="private.account.pia", platform="instagram", followers=15000, following=1020, country="US",
         bio="Private account. Lifestyle and travel.", categories=["lifestyle"], posts_key="empty"),
    dict(handle="just.joined.jay", platform="tiktok", followers=400, following=88, country="US",
         bio="", categories=[], posts_key="empty"),
    dict(handle="manual.entry.max", platform="youtube", followers=72000, following=None, country="US",
         bio="Outdoor gear reviews and camping trips.", categories=["outdoors"], posts_key="missing", fee=1500),
]

PLATFORM_PREFIX = {"instagram": "ig", "tiktok": "tt", "youtube": "yt", "x": "x", "facebook": "fb", "blog": "bl"}
SPONSOR_TAGS = {"ad", "sponsored", "partner", "paidpartnership"}


# ---------------------------------------------------------------------------------------------
def fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots[m.group(1)]), template)


def lognormal(rng: random.Random, sigma: float) -> float:
    return math.exp(rng.gauss(0.0, sigma))


def captions_for(spec: dict, rng: random.Random) -> list[str]:
    """Captions of a creator's posts, newest first, from its persona mix."""
    out: list[str] = []
    for persona_name, count in spec["mix"]:
        persona = PERSONAS[persona_name]
        slots = {**SLOTS, **persona.get("slots", {})}
        pool: list[str] = []
        while len(pool) < count:  # no template repeats until the persona runs out of them
            batch = list(persona["captions"])
            rng.shuffle(batch)
            pool.extend(batch)
        for template in pool[:count]:
            text = fill(template, slots, rng)
            present = {t.lower() for t in re.findall(r"#(\w+)", text)}
            extra = [t for t in persona["tags"] if t.lower() not in present and " " not in t and "." not in t]
            rng.shuffle(extra)
            take = rng.choice([0, 1, 1, 2]) if len(text.split()) < 26 else 0
            if take:
                text = text + " " + " ".join("#" + t for t in extra[:take])
            out.append(text)
    rng.shuffle(out)
    return out


def post_dates(n: int, rng: random.Random) -> list[datetime]:
    days = (END - START).days
    stamps = []
    for _ in range(n):  # any day in the window, mostly waking hours (UTC)
        day = START + timedelta(days=rng.randrange(days))
        stamps.append(day + timedelta(hours=rng.choice(range(6, 23)), minutes=rng.randrange(60)))
    return sorted(stamps, reverse=True)


def split(total: float, shares: dict[str, float], rng: random.Random) -> dict[str, int]:
    return {k: max(0, round(total * v * lognormal(rng, 0.15))) for k, v in shares.items()}


def metrics_for(spec: dict, followers: int, sponsored: bool, creator_params: dict, rng: random.Random) -> dict:
    """Engagement numbers of one post (all keys present; quirks remove some afterwards)."""
    platform = spec["platform"]
    tier = tier_of(followers)
    q = creator_params["q"]
    noise = lognormal(rng, 0.3) * (0.8 if sponsored else 1.0)
    fixed = spec.get("er")
    if platform == "instagram":
        rate = fixed * lognormal(rng, 0.1) if fixed else BENCHMARK[tier] * q * noise
        m = split(followers * rate, {"likes": 0.86, "comments": 0.035, "saves": 0.065, "shares": 0.04}, rng)
        m["views"] = round(followers * creator_params["reach"] * lognormal(rng, 0.5)) if rng.random() < 0.35 else None
    elif platform == "tiktok":
        views = max(50, round(followers * creator_params["reach"] * lognormal(rng, 0.6)))
        rate = fixed * lognormal(rng, 0.05) if fixed else min(0.16, creator_params["per_view"] * lognormal(rng, 0.25))
        m = split(views * rate, {"likes": 0.86, "comments": 0.03, "shares": 0.05, "saves": 0.06}, rng)
        m["views"] = views
    elif platform == "youtube":
        views = max(20, round(followers * creator_params["reach"] * lognormal(rng, 0.5)))
        rate = min(0.1, creator_params["per_view"] * lognormal(rng, 0.25))
        m = split(views * rate, {"likes": 0.93, "comments": 0.07}, rng)
        m.update(views=views, shares=None, saves=None)
    elif platform == "x":
        rate = BENCHMARK[tier] * 0.45 * q * noise
        m = split(followers * rate, {"likes": 0.8, "comments": 0.08, "shares": 0.12}, rng)
        m["saves"] = None
        m["views"] = round(followers * creator_params["reach"] * lognormal(rng, 0.5)) if creator_params["x_views"] else None
    elif platform == "facebook":
        rate = BENCHMARK[tier] * 0.6 * q * noise
        m = split(followers * rate, {"likes": 0.75, "comments": 0.1, "shares": 0.15}, rng)
        m.update(saves=None, views=None)
    else:  # blog: page views and comments, no likes
        m = {"likes": None, "comments": round(rng.uniform(3, 40)), "shares": round(rng.uniform(5, 120)),
             "saves": None, "views": round(rng.uniform(800, 9000))}
    return m


def creator_params_for(spec: dict, followers: int, rng: random.Random) -> dict:
    tier = tier_of(followers)
    reach_by_tier = {  # views per follower per post
        "tiktok": {"below_nano": 1.6, "nano": 1.1, "micro": 0.7, "mid": 0.45, "macro": 0.3, "mega": 0.2},
        "youtube": {"below_nano": 0.5, "nano": 0.35, "micro": 0.25, "mid": 0.15, "macro": 0.1, "mega": 0.06},
    }
    platform = spec["platform"]
    reach = reach_by_tier.get(platform, {}).get(tier, 0.45 if platform == "instagram" else 0.25)
    per_view = {"tiktok": rng.uniform(0.045, 0.11), "youtube": rng.uniform(0.035, 0.065)}.get(platform, 0.0)
    return {
        "q": min(1.7, max(0.6, lognormal(rng, 0.25))),
        "reach": reach * lognormal(rng, 0.3),
        "per_view": per_view,
        "x_views": rng.random() < 0.5,
    }


def make_posts(index: int, spec: dict, rng: random.Random) -> list[dict]:
    captions = captions_for(spec, rng)
    dates = post_dates(len(captions), rng)
    followers = spec["followers"] or spec.get("true_followers") or 20000
    params = creator_params_for(spec, followers, rng)
    style = spec.get("style", "omit")  # how a missing metric is written: key left out, or null
    data = spec.get("data", "public")
    prefix = PLATFORM_PREFIX[spec["platform"]]
    posts = []
    for k, (caption, when) in enumerate(zip(captions, dates)):
        hashtags = list(dict.fromkeys(t for t in re.findall(r"#(\w+)", caption)))
        mentions = list(dict.fromkeys(m.rstrip(".") for m in re.findall(r"@([\w.]+)", caption)))
        sponsored = any(t.lower() in SPONSOR_TAGS for t in hashtags)
        m = metrics_for(spec, followers, sponsored, params, rng)
        if data in ("public", "hidden_likes") and spec["platform"] in ("instagram", "tiktok"):
            m["shares"] = m["saves"] = None     # only the creator sees these
        if data == "hidden_likes" or k in spec.get("hidden_some", ()):
            m["likes"] = None                   # likes hidden on the post
        if k in spec.get("no_comments", ()):
            m["comments"] = None                # comments turned off
        post = {"id": f"{prefix}{index:03d}p{k + 1:02d}", "posted_at": when.strftime("%Y-%m-%dT%H:%M:%SZ")}
        for key in ("likes", "comments", "shares", "saves", "views"):
            if m.get(key) is not None:
                post[key] = int(m[key])
            elif style == "null" or (key == "views" and spec["platform"] == "instagram"):
                post[key] = None
        post.update(caption=caption, hashtags=hashtags, mentions=mentions, sponsored=sponsored)
        posts.append(post)
    return posts


def build(rng: random.Random) -> list[dict]:
    rows = []
    seen: set[tuple[str, str]] = set()
    for index, spec in enumerate(CREATORS, start=1):
        key = (spec["platform"], spec["handle"])
        assert key not in seen, f"duplicate handle {key}"
        seen.add(key)
        row: dict = {"handle": spec["handle"], "platform": spec["platform"]}
        if spec["followers"] is not None:
            row["followers"] = spec["followers"]
        if spec.get("following") is not None:
            row["following"] = spec["following"]
        row.update(bio=spec["bio"], country=spec["country"], categories=spec["categories"])
        if spec.get("fee") is not None:
            row["fee"] = float(spec["fee"])
        posts_key = spec.get("posts_key")
        if posts_key == "empty":
            row["posts"] = []
        elif posts_key != "missing":
            row["posts"] = make_posts(index, spec, rng)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name("creators.jsonl"))
    args = parser.parse_args()
    rows = build(random.Random(SEED))
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} creators to {args.output}")


if __name__ == "__main__":
    main()
