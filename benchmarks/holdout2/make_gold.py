import json
TH=["Thüringen","Thüringer Finanzministerium"]
docs=[("k01","2023-09-14"),("k02","2024-04-10"),("k03","2024-02-22"),("k04","2023-05-08"),("k05","2023-10-17"),
("k06","2024-03-06"),("k07","2024-02-01"),("k08","2024-06-12"),("k09","2023-11-27"),("k10","2023-12-05")]
P=lambda n,**k: dict(name=n,**k)
persons=[P("Kerstin Wallrabe",honorific="Dr."),P("Matthias Oberender"),P("Gudrun Fleischhauer"),P("Heiko Lindemann"),P("Tobias Rüdiger"),P("Susann Kühnert"),
P("Ramona Teichmann"),P("Lars Unbehaun"),P("Jana Wölfel"),P("Sven Morgenroth"),
P("Wolfgang Petzold",party="CDU"),P("Ulrike Gebhardt",honorific="Dr."),P("Frank Dietzsch"),P("Anke Seidel"),
P("Jan-Peter Lüdecke",honorific="Dr."),P("Stefan Kühnel",honorific="Prof. Dr."),P("Katrin Hoffmeister-Rau"),P("Claudia Reiche-Lorenz"),P("Henriette Brandl"),
P("Lutz Breitenfeld",honorific="Dr."),P("Norbert Weidlich",honorific="Dr."),P("Steffen Jaritz"),P("Peggy Naumann"),P("Ralf Schreiber"),
P("Florian Kerscher"),P("Monika Hefele"),P("Georg Wiedemann"),P("Barbara Stegmüller"),P("Quirin Schweiger"),
P("Elena Voßberg",honorific="Dr."),P("Markus Lindacher"),P("Rainer Schoch"),P("Dominik Wagenblast"),P("Rudolf Michl"),P("Joachim Ruppert"),P("Ute Kranich"),
P("Stefan Lehnert"),P("Tobias Ewerhardt"),P("Carina Molitor"),P("Anja Thelen-Kaiser"),
P("Hans-Jürgen Sievers"),P("Birte Hansen-Lück"),P("Kirsten Brodersen"),P("Finn Carstensen"),
P("Jörg Behrendt"),P("Annette Wollenberg",honorific="Prof. Dr."),P("Klaus-Dieter Rehberg"),P("Nadine Kowalski"),P("Uwe Tesch",party="CDU"),P("Pia Lemke")]
def O(n,t,*a): return {"name":n,"type":t,"aliases":list(a)}
orgs=[
O("Ilm-Kreis","district","Landratsamt Ilm-Kreis","Landkreis Ilm-Kreis","Landratsamt Ilm-Kreis, Pressestelle"),
O("Arnstadt","municipality"),O("Thüringen","state","Freistaat Thüringen","Land Thüringen"),
O("Thüringer Finanzministerium","ministry","Finanzministerium","Thüringer Ministerium der Finanzen"),
O("Verwaltungsgemeinschaft Riechheimer Berg","municipal_association"),O("Ilmenau","municipality"),
O("Thüringer Landesverwaltungsamt","authority","Landesverwaltungsamt"),
O("Verwaltungsgemeinschaft Mittleres Schwarzatal","municipal_association","VG Mittleres Schwarzatal"),
O("Bad Blankenburg","municipality"),O("Uhlstädt-Kirchhasel","municipality"),
O("Digitales Bürgerbüro Schwarzatal","cooperation","Digitale Bürgerbüro Schwarzatal"),
O("Landkreis Saalfeld-Rudolstadt","district","Saalfeld-Rudolstadt"),O("Rudolstadt","municipality"),O("Saalfeld","municipality","Saalfeld/Saale"),
O("Greiz","municipality"),O("Landkreis Greiz","district","Landratsamt Greiz","Landratsamtes Greiz"),
O("Kreistag des Landkreises Greiz","parliament","Kreistag Greiz","Kreistag Landkreis Greiz","Kreistag des Landkreis Greiz"),
O("CDU","party","Christlich Demokratische Union"),O("Zeulenroda-Triebes","municipality"),O("Verwaltungsgemeinschaft Ländereck","municipal_association"),
O("Weimar","municipality"),O("Bauhaus-Universität Weimar","university","Bauhaus-Universität"),
O("Thüringer Ministerium für Inneres und Kommunales","ministry","Ministerium für Inneres und Kommunales","Thüringer Innenministerium"),
O("Reallabor Digitale Verwaltung Weimar","cooperation"),
O("Sächsische Staatskanzlei","ministry","Staatskanzlei","Sächsischen Staatskanzlei"),O("Dresden","municipality"),
O("Sachsen","state","Freistaat Sachsen","Freistaates Sachsen"),O("Görlitz","municipality"),O("Landkreis Görlitz","district"),
O("Zittau","municipality","Große Kreisstadt Zittau"),O("Olbersdorf","municipality"),
O("Zweckverband Kommunale Informationsverarbeitung Sachsen","cooperation","KISA","Zweckverband KISA"),
O("Landkreis Landsberg am Lech","district","Landratsamt Landsberg am Lech"),O("Landsberg am Lech","municipality"),
O("Bayerisches Staatsministerium für Digitales","ministry","Bayerischen Staatsministeriums für Digitales","Staatsministerium für Digitales"),
O("Dießen am Ammersee","municipality"),O("Kaufering","municipality"),O("Verwaltungsgemeinschaft Igling","municipal_association"),
O("Igling","municipality"),O("Hurlach","municipality"),O("Obermeitingen","municipality"),O("Bayern","state","Freistaat Bayern"),
O("Schwäbisch Hall","municipality"),O("Crailsheim","municipality"),O("Gaildorf","municipality"),
O("Arbeitsgemeinschaft Digitale Verwaltung Hall-Crailsheim-Gaildorf","cooperation"),
O("Gemeinderat Schwäbisch Hall","parliament","Gemeinderat der Stadt Schwäbisch Hall"),
O("Komm.ONE","authority"),O("Ministerium des Inneren, für Digitalisierung und Kommunen Baden-Württemberg","ministry","Ministerium des Inneren, für Digitalisierung und Kommunen"),
O("Landkreis Schwäbisch Hall","district"),O("Baden-Württemberg","state","Land Baden-Württemberg"),
O("Landkreis Cochem-Zell","district","Kreisverwaltung Cochem-Zell","Cochem-Zell"),
O("Verbandsgemeinde Cochem","municipal_association"),O("Verbandsgemeinde Kaisersesch","municipal_association"),
O("Verbandsgemeinde Ulmen","municipal_association"),O("Verbandsgemeinde Zell (Mosel)","municipal_association","Verbandsgemeinde Zell"),
O("Cochem","municipality"),O("Rheinland-Pfalz","state","Land Rheinland-Pfalz"),
O("Ministerium des Innern und für Sport","ministry","Ministerium des Innern und für Sport Rheinland-Pfalz","Ministeriums des Innern und für Sport"),
O("Amt Hüttener Berge","municipal_association","Amtes Hüttener Berge"),O("Amt Dänischer Wohld","municipal_association"),O("Ascheffel","municipality"),
O("Schleswig-Holstein","state","Land Schleswig-Holstein","Landes Schleswig-Holstein"),O("Dataport","authority"),
O("Kreis Rendsburg-Eckernförde","district","Landkreis Rendsburg-Eckernförde"),O("Verwaltungsverbund Hütten-Wohld","cooperation"),
O("Landkreis Vorpommern-Greifswald","district","Kreisverwaltung Vorpommern-Greifswald"),O("Universität Greifswald","university"),
O("Amt Am Stettiner Haff","municipal_association"),O("Greifswald","municipality"),O("KI-Verwaltungslabor Vorpommern","cooperation"),
O("Ministerium für Inneres, Bau und Digitalisierung Mecklenburg-Vorpommern","ministry","Ministerium für Inneres, Bau und Digitalisierung"),
O("Hochschule Neubrandenburg","university"),O("Mecklenburg-Vorpommern","state","Land Mecklenburg-Vorpommern")]
R=lambda p,r,o=None: {"person":p,"role":r,"organization":o}
roles=[R("Kerstin Wallrabe","Staatssekretärin","Thüringer Finanzministerium"),R("Matthias Oberender","Landrat","Ilm-Kreis"),
R("Heiko Lindemann","Gemeinschaftsvorsitzender","Verwaltungsgemeinschaft Riechheimer Berg"),R("Susann Kühnert","Pressesprecherin","Ilm-Kreis"),
R("Ramona Teichmann","Gemeinschaftsvorsitzende","Verwaltungsgemeinschaft Mittleres Schwarzatal"),R("Lars Unbehaun","Bürgermeister","Bad Blankenburg"),
R("Jana Wölfel","Bürgermeisterin","Uhlstädt-Kirchhasel"),R("Sven Morgenroth","IT-Leiter","Bad Blankenburg"),
R("Wolfgang Petzold","Kreistagsvorsitzender","Kreistag des Landkreises Greiz"),R("Ulrike Gebhardt","Landrätin","Landkreis Greiz"),
R("Anke Seidel","Fachdienstleiterin","Landkreis Greiz"),
R("Jan-Peter Lüdecke","Oberbürgermeister","Weimar"),R("Stefan Kühnel","Präsident","Bauhaus-Universität Weimar"),
R("Katrin Hoffmeister-Rau","Bürgermeisterin","Weimar"),R("Katrin Hoffmeister-Rau","Dezernentin für Digitales","Weimar"),
R("Claudia Reiche-Lorenz","Innenstaatssekretärin","Thüringer Ministerium für Inneres und Kommunales"),
R("Lutz Breitenfeld","Beauftragter für Informationstechnologie","Sachsen"),R("Lutz Breitenfeld","Staatssekretär","Sachsen"),
R("Norbert Weidlich","Landrat","Landkreis Görlitz"),R("Steffen Jaritz","Oberbürgermeister","Zittau"),R("Peggy Naumann","Bürgermeisterin","Olbersdorf"),
R("Ralf Schreiber","Pressesprecher","Sächsische Staatskanzlei"),
R("Florian Kerscher","Landrat","Landkreis Landsberg am Lech"),R("Monika Hefele","Erste Bürgermeisterin","Dießen am Ammersee"),
R("Georg Wiedemann","Erster Bürgermeister","Kaufering"),R("Barbara Stegmüller","Amtsleiterin","Landkreis Landsberg am Lech"),
R("Elena Voßberg","Oberbürgermeisterin","Schwäbisch Hall"),R("Markus Lindacher","Oberbürgermeister","Crailsheim"),
R("Rainer Schoch","Bürgermeister","Gaildorf"),R("Dominik Wagenblast","Leiter des Hauptamts","Schwäbisch Hall"),
R("Joachim Ruppert","Erster Bürgermeister","Schwäbisch Hall"),
R("Stefan Lehnert","Landrat","Landkreis Cochem-Zell"),R("Tobias Ewerhardt","Staatssekretär","Ministerium des Innern und für Sport"),
R("Carina Molitor","Verbandsbürgermeisterin","Verbandsgemeinde Ulmen"),R("Anja Thelen-Kaiser","Erste Kreisbeigeordnete","Landkreis Cochem-Zell"),
R("Hans-Jürgen Sievers","Amtsvorsteher","Amt Hüttener Berge"),R("Birte Hansen-Lück","Amtsvorsteherin","Amt Dänischer Wohld"),
R("Kirsten Brodersen","Leitende Verwaltungsbeamtin","Amt Hüttener Berge"),R("Finn Carstensen","IT-Koordinator","Amt Hüttener Berge"),
R("Jörg Behrendt","Landrat","Landkreis Vorpommern-Greifswald"),R("Annette Wollenberg","Rektorin","Universität Greifswald"),
R("Klaus-Dieter Rehberg","Amtsvorsteher","Amt Am Stettiner Haff"),R("Nadine Kowalski","Amtsleiterin","Landkreis Vorpommern-Greifswald"),
R("Uwe Tesch","Kreistagspräsident",None)]
for r in roles:
    if r["organization"] is None: del r["organization"]
def F(rec,amt,q,funder,date,purpose): return dict(recipient=rec,amount=amt,qualifier=q,funder=funder,date=date,purpose=purpose)
fundings=[F("Ilm-Kreis",87450,None,TH,"2023-09-13","digitale Bauakte"),
F("Verwaltungsgemeinschaft Riechheimer Berg",41000,"knapp",TH,"2023-09-13","Digitalisierung des Posteingangs, Dokumentenmanagementsystem"),
F("Bad Blankenburg",15000,None,["Landkreis Saalfeld-Rudolstadt"],None,"Anlaufphase Digitales Bürgerbüro"),
F("Zeulenroda-Triebes",18500,None,["Landkreis Greiz"],None,"digitales Ratsinformationssystem"),
F("Reallabor Digitale Verwaltung Weimar",180000,"bis zu",["Thüringer Ministerium für Inneres und Kommunales","Thüringen"],None,"Reallabor Digitale Verwaltung Weimar"),
F("Landkreis Görlitz",1100000,None,["Sachsen","Sächsische Staatskanzlei"],"2023-10-17","E-Akte"),
F("Zittau",312000,None,["Sachsen","Sächsische Staatskanzlei"],"2023-10-17","Bürgerservice"),
F("Olbersdorf",48600,None,["Sachsen","Sächsische Staatskanzlei"],"2023-10-17","digitales Antragsportal"),
F("Dießen am Ammersee",20000,None,["Bayerisches Staatsministerium für Digitales","Bayern"],"2024-03-04","Digitales Rathaus"),
F("Kaufering",17340,None,["Bayerisches Staatsministerium für Digitales","Bayern"],"2024-03-04","Digitales Rathaus"),
F("Landsberg am Lech",19800,"rund",["Bayerisches Staatsministerium für Digitales","Bayern"],"2024-03-04","Digitales Rathaus"),
F("Landkreis Cochem-Zell",300000,None,["Ministerium des Innern und für Sport","Rheinland-Pfalz"],"2024-06-10","gemeinsames Rechenzentrum"),
F("Amt Hüttener Berge",75000,None,["Schleswig-Holstein"],None,"E-Akte und Schulungen"),
F("Amt Dänischer Wohld",75000,None,["Schleswig-Holstein"],None,"E-Akte und Schulungen"),
F("Landkreis Vorpommern-Greifswald",1200000,"mehr als",["Ministerium für Inneres, Bau und Digitalisierung Mecklenburg-Vorpommern","Mecklenburg-Vorpommern"],None,"KI-Verwaltungslabor Vorpommern")]
am={"k01":[87450,29000,41000,7500000],"k02":[62000,15000],"k03":[1350000,200000,18500],"k04":[240000,180000],
"k05":[1400000,1100000,312000,48600,12000000],"k06":[20000,17340,19800],"k07":[95000,260000],"k08":[300000,750000],
"k09":[75000],"k10":[1200000]}
amounts=[{"file":f+".txt","amount":a} for f,l in am.items() for a in l]
C=lambda n,t,p,d: dict(name=n,type=t,parties=p,date=d)
coops=[C("Digitales Bürgerbüro Schwarzatal","Zweckvereinbarung",["Verwaltungsgemeinschaft Mittleres Schwarzatal","Bad Blankenburg","Uhlstädt-Kirchhasel"],"2024-04-05"),
C("Reallabor Digitale Verwaltung Weimar","Kooperationsvertrag",["Weimar","Bauhaus-Universität Weimar"],"2023-05-08"),
C(None,"gemeinsame Digitalisierungsstrategie",["Igling","Hurlach","Obermeitingen"],None),
C("Arbeitsgemeinschaft Digitale Verwaltung Hall-Crailsheim-Gaildorf","Arbeitsgemeinschaft",["Schwäbisch Hall","Crailsheim","Gaildorf"],"2024-01-24"),
C(None,"Kooperationsvertrag",["Landkreis Cochem-Zell","Verbandsgemeinde Cochem","Verbandsgemeinde Kaisersesch","Verbandsgemeinde Ulmen","Verbandsgemeinde Zell (Mosel)"],"2024-06-10"),
C("Verwaltungsverbund Hütten-Wohld","öffentlich-rechtlicher Vertrag",["Amt Hüttener Berge","Amt Dänischer Wohld"],"2023-11-21"),
C("KI-Verwaltungslabor Vorpommern","Kooperationsvertrag",["Landkreis Vorpommern-Greifswald","Universität Greifswald","Amt Am Stettiner Haff"],"2023-12-05")]
g=dict(corpus="holdout2: ten independently written press releases (k01-k10), see README.md",
 documents=[{"file":f+".txt","published":d} for f,d in docs],persons=persons,organizations=orgs,roles=roles,
 fundings=fundings,amounts=amounts,cooperations=coops)
names={o["name"] for o in orgs}
for f in fundings:
    assert f["recipient"] in names,f; [(_ for _ in ()).throw(AssertionError(x)) for x in f["funder"] if x not in names]
for r in roles: assert r.get("organization",names.__iter__().__next__()) in names, r
for c in coops:
    for p in c["parties"]: assert p in names,p
pn={p["name"] for p in persons}
for r in roles: assert r["person"] in pn
json.dump(g,open("holdout2.gold.json","w"),ensure_ascii=False,indent=1)
print({k:len(v) for k,v in g.items()})
